package dev.openaift.metrics;

import static dev.openaift.metrics.TestData.csv;
import static dev.openaift.metrics.TestData.metrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of metrics.csv and summary.json beyond the golden files. */
class OutputsTest {

  private static String csvOf(JobAnalysis a) {
    StringBuilder b = new StringBuilder();
    MetricsCsv.write(a, b);
    return b.toString();
  }

  @Test
  void legacyHeaderPutsExtrasAfterTheCanonicalSevenThenSmoothedThenRolling() throws Exception {
    JobAnalysis a =
        Analyzer.analyze(
            new JobInputs(
                Fixtures.path("results/legacy_classification_binary.csv"), null, null, null),
            AnalysisOptions.DEFAULTS);
    String expected =
        "step,train_loss,train_accuracy,valid_loss,valid_accuracy,full_valid_loss,full_valid_accuracy,"
            + "elapsed_tokens,elapsed_examples,training_sequence_accuracy,validation_sequence_accuracy,"
            + "classification/accuracy,classification/precision,classification/recall,classification/auroc,"
            + "classification/auprc,classification/f1.0,"
            + "train_loss_smoothed,train_accuracy_smoothed,valid_loss_smoothed,valid_accuracy_smoothed,"
            + "elapsed_tokens_smoothed,elapsed_examples_smoothed,training_sequence_accuracy_smoothed,"
            + "validation_sequence_accuracy_smoothed,classification/accuracy_smoothed,"
            + "classification/precision_smoothed,classification/recall_smoothed,classification/auroc_smoothed,"
            + "classification/auprc_smoothed,classification/f1.0_smoothed,"
            + "valid_loss_rolling_mean,valid_loss_rolling_std,valid_accuracy_rolling_mean,valid_accuracy_rolling_std";
    String csv = csvOf(a);
    assertEquals(expected, csv.substring(0, csv.indexOf('\n')));
    assertEquals(String.join(",", MetricsCsv.header(a)), expected);
    String[] lines = csv.split("\n");
    assertEquals(5, lines.length);
    assertTrue(
        lines[2].startsWith("2,0.8,0.65,,,,,200.0,8.0,0.5,,0.7,0.66,0.8,0.75,0.7,0.72,"), lines[2]);

    JsonNode summary = new ObjectMapper().readTree(SummaryJson.write(a));
    assertEquals("legacy", summary.get("format").asText());
    assertEquals("training_token_accuracy", summary.at("/source_columns/train_accuracy").asText());
    assertEquals(
        "classification/f1.0", summary.at("/source_columns/classification~1f1.0").asText());
    assertEquals(2, summary.at("/metrics/classification~1accuracy/points").asInt());
    assertEquals("classification", summary.at("/epochs/source").asText());
  }

  @Test
  void theCanonicalColumnsAreAlwaysPresentAndRollingOnlyWithValidation() {
    JobAnalysis a =
        Analyzer.analyze(
            new JobData(null, List.of(), List.of(), csv("step,train_loss\n1,1.0\n2,0.5\n"), "x"),
            AnalysisOptions.DEFAULTS);
    assertEquals(
        "step,train_loss,train_accuracy,valid_loss,valid_accuracy,full_valid_loss,full_valid_accuracy,train_loss_smoothed\n"
            + "1,1.0,,,,,,1.0\n"
            + "2,0.5,,,,,,0.6875\n",
        csvOf(a));
  }

  @Test
  void stepsWithOnlyEventValuesGetARowAndStepsWithNothingDoNot() {
    JobAnalysis a =
        Analyzer.analyze(
            new JobData(
                null,
                List.of(metrics("e", 1, Map.of("step", 5L, "full_valid_loss", 0.25))),
                List.of(),
                csv("step,train_loss\n1,1.0\n2,\n3,0.5\n"),
                "x"),
            AnalysisOptions.DEFAULTS);
    String[] lines = csvOf(a).split("\n");
    assertEquals(
        List.of("1", "3", "5"),
        List.of(lines[1].split(",")[0], lines[2].split(",")[0], lines[3].split(",")[0]));
    assertEquals("5,,,,,0.25,,,0.25", lines[3]);
  }

  @Test
  void seriesMadeOnTwoThreadsAreTheSame() {
    StringBuilder file =
        new StringBuilder("step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n");
    java.util.Random random = new java.util.Random(13);
    for (int s = 1; s <= 5000; s++) {
      file.append(s)
          .append(',')
          .append(random.nextDouble() * 2)
          .append(',')
          .append(random.nextInt(9) == 0 ? "" : Double.toString(random.nextDouble()))
          .append(',')
          .append(s % 10 == 0 ? Double.toString(random.nextDouble() * 3) : "")
          .append(',')
          .append(s % 10 == 0 ? Double.toString(random.nextDouble()) : "")
          .append('\n');
    }
    JobData data = new JobData(null, List.of(), List.of(), csv(file.toString()), "x");
    JobAnalysis one = Analyzer.analyze(data, AnalysisOptions.DEFAULTS, Integer.MAX_VALUE);
    JobAnalysis two = Analyzer.analyze(data, AnalysisOptions.DEFAULTS, 1);
    assertEquals(4, one.series().size());
    assertEquals(one.stats(), two.stats());
    assertEquals(one.generalisationGap(), two.generalisationGap());
    for (int i = 0; i < one.series().size(); i++) {
      MetricSeries a = one.series().get(i);
      MetricSeries b = two.series().get(i);
      assertEquals(a.name(), b.name());
      org.junit.jupiter.api.Assertions.assertArrayEquals(a.steps(), b.steps(), a.name());
      org.junit.jupiter.api.Assertions.assertArrayEquals(a.values(), b.values(), a.name());
      org.junit.jupiter.api.Assertions.assertArrayEquals(a.smoothed(), b.smoothed(), a.name());
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          a.rollingMean(), b.rollingMean(), a.name());
    }
    StringBuilder csvOne = new StringBuilder();
    StringBuilder csvTwo = new StringBuilder();
    MetricsCsv.write(one, csvOne);
    MetricsCsv.write(two, csvTwo);
    assertEquals(csvOne.toString(), csvTwo.toString());
  }

  @Test
  void aCharacterSinkAndAByteStreamGetTheSameText() {
    StringBuilder file = new StringBuilder("step,train_loss,valid_loss\n");
    for (int s = 1; s <= 20_000; s++) {
      file.append(s)
          .append(',')
          .append(1.0 / s)
          .append(',')
          .append(s % 7 == 0 ? Double.toString(2.0 / s) : "")
          .append('\n');
    }
    JobAnalysis a =
        Analyzer.analyze(
            new JobData(null, List.of(), List.of(), csv(file.toString()), "x"),
            AnalysisOptions.DEFAULTS);
    StringBuilder sequential = new StringBuilder();
    MetricsCsv.write(a, sequential);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    MetricsCsv.write(a, bytes);
    assertEquals(sequential.toString(), bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(20_001, sequential.toString().split("\n").length);
  }

  @Test
  void summaryKeysAreSortedAndUnknownNumbersAreNull() throws Exception {
    JobAnalysis a =
        Analyzer.analyze(
            new JobData(null, List.of(), List.of(), csv("step,train_loss\n1,1.0\n2,0.5\n"), "x"),
            AnalysisOptions.DEFAULTS);
    String json = SummaryJson.write(a);
    assertTrue(json.endsWith("}\n"));
    JsonNode root = new ObjectMapper().readTree(json);
    assertSorted(root);
    assertTrue(root.get("generalisation_gap").isNull());
    assertTrue(root.get("best_checkpoint").isNull());
    assertTrue(root.get("status").isNull());
    assertEquals("current", root.get("format").asText());
    assertEquals(2, root.get("steps").asLong());
    assertEquals(0.5, root.at("/metrics/train_loss/min").asDouble());
    assertEquals(2, root.at("/metrics/train_loss/min_step").asLong());
    assertEquals(0, root.at("/epochs/count").asInt());
    assertTrue(root.at("/epochs/source").isNull());
    assertEquals("no_validation", root.at("/findings/0/code").asText());
  }

  private static void assertSorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      List<String> sorted = new ArrayList<>(names);
      java.util.Collections.sort(sorted);
      assertEquals(sorted, names);
      node.forEach(OutputsTest::assertSorted);
    } else if (node.isArray()) {
      node.forEach(OutputsTest::assertSorted);
    }
  }
}
