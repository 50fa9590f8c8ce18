package dev.openaift.metrics;

import static dev.openaift.metrics.TestData.csv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statistics of values near the largest double, column names from files in {@code metrics.csv}, and
 * a result file's times in {@code summary.json}.
 */
class NamesAndLargeValuesTest {

  @TempDir Path tmp;

  private static JobAnalysis analyze(ResultTable t) {
    return Analyzer.analyze(
        new JobData(null, List.of(), List.of(), t, "x"), AnalysisOptions.DEFAULTS);
  }

  private static String csvOf(JobAnalysis a) {
    StringBuilder b = new StringBuilder();
    MetricsCsv.write(a, b);
    return b.toString();
  }

  @Test
  void meansAndRollingFiguresOfValuesNearTheLargestDoubleDoNotOverflow() throws IOException {
    JobAnalysis a =
        analyze(
            csv(
                "step,train_loss,valid_loss,valid_mean_token_accuracy\n"
                    + "1,1.7e308,1.7e308,1e200\n2,1.7e308,1.7e308,-1e200\n"));
    assertEquals(1.7e308, a.stats().get("train_loss").mean());
    MetricSeries valid = a.series("valid_loss");
    assertEquals(1.7e308, valid.rollingMean()[1], 1e293);
    assertEquals(0.0, valid.rollingStd()[1]);
    MetricSeries accuracy = a.series("valid_accuracy");
    assertEquals(0.0, accuracy.rollingMean()[1], 1e185);
    assertEquals(1e200, accuracy.rollingStd()[1], 1e186, "a square of 1e200 overflows");
    JsonNode summary = new ObjectMapper().readTree(SummaryJson.write(a));
    assertEquals(1.7e308, summary.path("metrics").path("train_loss").path("mean").asDouble());
    String[] row = csvOf(a).lines().toList().get(2).split(",", -1);
    List<String> header = MetricsCsv.header(a);
    assertEquals(
        "1.7e308".replace("e", "E"),
        Double.toString(Double.parseDouble(row[header.indexOf("valid_loss_rolling_mean")])));
    assertEquals(List.of(), a.warnings());
  }

  @Test
  void epochMeansOfLargeValuesDoNotOverflow() {
    List<EpochRow> rows =
        Epochs.table(
            MergedMetrics.merge(
                csv("step,train_loss\n1,1.7e308\n2,1.7e308\n"), List.of(), List.of()),
            List.of(2L));
    assertEquals(1.7e308, rows.get(0).meanTrainLoss());
  }

  @Test
  void columnNamesFromFilesAreQuotedAsRfc4180Wants() throws IOException {
    Path f = tmp.resolve("trainer_state.json");
    Files.writeString(
        f,
        "{\"log_history\": [{\"step\": 1, \"loss\": 1.0, \"a\\nb\": 2.0, \"c,\\\"d\\\"\": 3.0},"
            + " {\"step\": 2, \"loss\": 0.5, \"a\\nb\": 2.5, \"c,\\\"d\\\"\": 3.5},"
            + " {\"step\": 2, \"train_runtime\": 1.0}]}");
    JobAnalysis a = Analyzer.analyze(TrainerState.read(f).data(), AnalysisOptions.DEFAULTS);
    String out = csvOf(a);
    String header = out.substring(0, out.indexOf("\n1,"));
    assertTrue(header.contains(",\"a\nb\",\"c,\"\"d\"\"\","), header);
    assertTrue(header.contains(",\"a\nb_smoothed\","), header);
    // an RFC 4180 reader sees one header record with every column once
    List<String> cells = rfc4180Record(header);
    assertEquals(cells.size(), cells.stream().distinct().count(), cells.toString());
    assertEquals(MetricsCsv.header(a), cells);
  }

  @Test
  void aMetricNamedAsADerivedColumnIsRenamedWithAWarning() {
    JobAnalysis a =
        analyze(
            csv(
                "step,train_loss,train_loss_smoothed,valid_loss,valid_loss_rolling_std\n"
                    + "1,1.0,9.0,2.0,8.0\n2,0.5,9.5,1.5,8.5\n"));
    List<String> header = MetricsCsv.header(a);
    assertEquals(header.size(), header.stream().distinct().count(), header.toString());
    assertTrue(header.contains("train_loss_smoothed_2"), header.toString());
    assertTrue(header.contains("valid_loss_rolling_std_2"), header.toString());
    assertEquals(9.5, a.series("train_loss_smoothed_2").values()[1]);
    assertEquals("train_loss_smoothed", a.sourceColumns().get("train_loss_smoothed_2"));
    assertTrue(
        a.warnings()
            .contains(
                "metric train_loss_smoothed is named as a column openai-ft makes (metrics.csv);"
                    + " kept as train_loss_smoothed_2"),
        a.warnings().toString());
  }

  @Test
  void anAzureResultFileGivesTheRunsTimingInSummaryJson() throws IOException {
    JobAnalysis a =
        Analyzer.analyze(
            new JobInputs(Fixtures.path("results/azure_2025.csv"), null, null, null),
            AnalysisOptions.DEFAULTS);
    JsonNode s = new ObjectMapper().readTree(SummaryJson.write(a));
    JsonNode t = s.path("step_timing");
    assertEquals(1, t.path("first_step").asLong());
    assertEquals(8, t.path("last_step").asLong());
    assertEquals(8, t.path("rows").asInt());
    assertEquals(50.831, t.path("seconds").asDouble(), 1e-6);
    assertEquals(7.261571, t.path("seconds_per_step").asDouble(), 1e-6);
    assertEquals(1761411336L, s.path("timestamps").path("started").asLong());
    // both ends truncated to the second, as a clock shows them: 51 s for the rows' 50.831
    assertEquals(1761411387L, s.path("timestamps").path("finished").asLong());
    assertEquals(51, s.path("durations").path("training").asLong());
    assertEquals(2, s.path("metrics").path("full_valid_loss").path("points").asInt());
    assertEquals("current", s.path("format").asText());
    assertEquals(List.of(), a.warnings());
  }

  /** One CSV record as RFC 4180 reads it (quotes may hold commas, quotes and line breaks). */
  private static List<String> rfc4180Record(String text) {
    List<String> out = new java.util.ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\n') {
        throw new AssertionError("a line break outside quotes ends the header record: " + text);
      } else {
        cell.append(c);
      }
    }
    out.add(cell.toString());
    return out;
  }
}
