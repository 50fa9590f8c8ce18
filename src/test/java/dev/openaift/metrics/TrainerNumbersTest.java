package dev.openaift.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trainer_state.json} read by the same rules as result files ({@link NumberRules}): steps,
 * spellings, values logged twice, names that would clash, whether the run finished.
 */
class TrainerNumbersTest {

  @TempDir Path tmp;

  private TrainerState.Run run(String history, String top) throws IOException {
    Path f = tmp.resolve("trainer_state.json");
    Files.writeString(f, "{" + top + "\"log_history\": [" + history + "]}", StandardCharsets.UTF_8);
    return TrainerState.read(f);
  }

  private static final String FINISHED =
      ", {\"step\": 30, \"train_runtime\": 10.0, \"train_loss\": 1.1}";

  private static ResultTable table(TrainerState.Run r) {
    return r.data().results();
  }

  private static String warnings(TrainerState.Run r) {
    return String.join("\n", table(r).warnings());
  }

  @Test
  void aValueLoggedTwiceForOneStepKeepsTheLaterWithAWarningNamingBoth() throws IOException {
    TrainerState.Run r =
        run(
            "{\"step\": 10, \"loss\": 1.8497}, {\"step\": 10, \"eval_loss\": 1.2889},"
                + " {\"step\": 10, \"loss\": 99.0}, {\"step\": 10, \"eval_loss\": 42.0},"
                + " {\"step\": 20, \"loss\": 1.5}"
                + FINISHED,
            "");
    assertArrayEquals(new double[] {99.0, 1.5}, table(r).table().column("train_loss"));
    assertEquals(42.0, table(r).table().column("full_valid_loss")[0]);
    assertEquals(
        "trainer_state.json: 2 values were logged twice for one step with another value; the"
            + " later one is kept (first: 'loss' at step 10: 1.8497, then 99.0)",
        warnings(r));
  }

  @Test
  void stepsThatAreNotWholeNumbersFromOneAreLeftOutNeverRoundedNorClamped() throws IOException {
    TrainerState.Run r =
        run(
            "{\"step\": 5, \"loss\": 2.0}, {\"step\": 1e300, \"loss\": 1.0},"
                + " {\"step\": 10.5, \"loss\": 1.9}, {\"step\": 19.5, \"loss\": 1.8},"
                + " {\"step\": 0, \"eval_loss\": 2.5}, {\"step\": 10, \"loss\": 1.7},"
                + " {\"step\": \"0x1p3\", \"loss\": 1.6}"
                + FINISHED,
            "");
    assertArrayEquals(new long[] {5, 10}, table(r).table().steps());
    String w = warnings(r);
    assertFalse(w.contains("resumed"), w);
    assertFalse(w.contains("9223372036854775807"), w);
    assertEquals(
        List.of(
            "trainer_state.json: 1 log_history entry left out: step not a number; a step is a whole"
                + " number from 1 to 10^15, never rounded (first: step \"0x1p3\" in entry 7)",
            "trainer_state.json: 1 log_history entry left out: step 0 (logged before the first"
                + " training step); a step is a whole number from 1 to 10^15, never rounded"
                + " (first: step 0 in entry 5)",
            "trainer_state.json: 2 log_history entries left out: step not a whole number; a step"
                + " is a whole number from 1 to 10^15, never rounded (first: step 10.5 in entry"
                + " 3)",
            "trainer_state.json: 1 log_history entry left out: step larger than 10^15; a step is"
                + " a whole number from 1 to 10^15, never rounded (first: step 1.0E300 in entry"
                + " 2)"),
        table(r).warnings());
  }

  @Test
  void textValuesAreReadByTheCellRulesDecimalOnly() throws IOException {
    TrainerState.Run r =
        run(
            "{\"step\": 1, \"loss\": \"0x1p3\", \"grad_norm\": \" 1.5 \"},"
                + " {\"step\": 2, \"loss\": \"1e-3\", \"grad_norm\": \"1d\"}"
                + FINISHED,
            "");
    assertArrayEquals(new double[] {Double.NaN, 0.001}, table(r).table().column("train_loss"));
    assertArrayEquals(new double[] {1.5, Double.NaN}, table(r).table().column("grad_norm"));
    assertTrue(warnings(r).contains("2 text values that are not numbers"), warnings(r));
  }

  @Test
  void aTrainLossKeyNeverReplacesTheMappedLoss() throws IOException {
    TrainerState.Run r =
        run(
            "{\"step\": 1, \"train_loss\": 5.0, \"loss\": 2.0}, {\"step\": 2, \"loss\": 1.5,"
                + " \"full_valid_loss\": 3.0, \"eval_loss\": 1.0}"
                + FINISHED,
            "");
    StepTable t = table(r).table();
    assertArrayEquals(new double[] {2.0, 1.5}, t.column("train_loss"));
    assertArrayEquals(new double[] {5.0, Double.NaN}, t.column("train_loss_2"));
    assertArrayEquals(new double[] {Double.NaN, 1.0}, t.column("full_valid_loss"));
    assertArrayEquals(new double[] {Double.NaN, 3.0}, t.column("full_valid_loss_2"));
    assertEquals(
        List.of(
            "trainer_state.json: key 'full_valid_loss' would share the column full_valid_loss"
                + " with another key; kept as full_valid_loss_2",
            "trainer_state.json: key 'train_loss' would share the column train_loss with"
                + " another key; kept as train_loss_2"),
        table(r).warnings());
    assertEquals("train_loss", r.sources().get("train_loss_2"));
  }

  @Test
  void aRunIsFinishedOnlyWhenItSaysSoAndTheWarningAgrees() throws IOException {
    TrainerState.Run running =
        run("{\"step\": 1, \"loss\": 2.0}", "\"global_step\": 1, \"max_steps\": 30, ");
    assertEquals("running", running.data().job().status());
    assertTrue(warnings(running).contains("had not finished"), warnings(running));
    TrainerState.Run atMax =
        run("{\"step\": 30, \"loss\": 2.0}", "\"global_step\": 30, \"max_steps\": 30, ");
    assertEquals("succeeded", atMax.data().job().status());
    assertEquals(
        "trainer_state.json: no final summary entry (train_runtime): global_step reached"
            + " max_steps (30), so training is read as finished",
        warnings(atMax));
    assertFalse(warnings(atMax).contains("had not finished"));
    TrainerState.Run done = run("{\"step\": 30, \"loss\": 2.0}" + FINISHED, "");
    assertEquals("succeeded", done.data().job().status());
    assertNull(table(done).times());
  }

  @Test
  void aLastEpochLoggedOneStepShortOfItsNumberIsAWholeEpoch() throws IOException {
    // gradient accumulation: 125 updates an epoch, the run ends at step 374, epoch 2.992
    StringBuilder h = new StringBuilder();
    for (int s = 2; s <= 374; s += 2) {
      h.append(
          String.format(
              java.util.Locale.ROOT,
              "{\"step\": %d, \"epoch\": %.4f, \"loss\": %.3f}, ",
              s,
              s / 125.0,
              2.0 - s / 400.0));
    }
    TrainerState.Run r =
        run(
            h + "{\"step\": 374, \"epoch\": 2.992, \"train_runtime\": 5.0, \"train_loss\": 1.0}",
            "\"num_train_epochs\": 3, \"global_step\": 374, \"max_steps\": 374, ");
    JobAnalysis a = Analyzer.analyze(r.data(), AnalysisOptions.DEFAULTS);
    assertEquals(List.of(125L, 250L, 374L), a.epochEnds(), "three epochs, the last one step short");
    assertEquals(3, a.epochs().size());
    assertEquals(252L, a.epochs().get(2).firstStep(), "the third epoch's first logged step");

    // two steps short is not finished: two whole epochs
    TrainerState.Run early =
        run(
            "{\"step\": 100, \"epoch\": 0.8, \"loss\": 1.0}, {\"step\": 373, \"epoch\": 2.984,"
                + " \"loss\": 0.5}",
            "");
    assertEquals(
        List.of(125L, 250L), Analyzer.analyze(early.data(), AnalysisOptions.DEFAULTS).epochEnds());
  }

  @Test
  void aRunWithSeveralEvalSetsIsCheckedForOverfittingOnEachSet() throws IOException {
    // training loss falls all along; the code set's loss bottoms out at step 125 and rises after
    StringBuilder h = new StringBuilder();
    for (int s = 5; s <= 300; s += 5) {
      h.append(
          String.format(
              java.util.Locale.ROOT,
              "{\"step\": %d, \"epoch\": %.3f, \"loss\": %.4f}, ",
              s,
              s / 100.0,
              2.0 * Math.exp(-s / 80.0) + 0.1));
      if (s % 25 == 0) {
        double code = 0.6 + Math.pow((s - 125) / 100.0, 2) * (s > 125 ? 1.0 : 0.3);
        h.append(
            String.format(
                java.util.Locale.ROOT,
                "{\"step\": %d, \"epoch\": %.3f, \"eval_code_loss\": %.4f,"
                    + " \"eval_chat_loss\": %.4f}, ",
                s,
                s / 100.0,
                code,
                0.9 - s / 1000.0));
      }
    }
    TrainerState.Run r =
        run(
            h + "{\"step\": 300, \"train_runtime\": 5.0, \"train_loss\": 1.0}",
            "\"global_step\": 300, \"max_steps\": 300, ");
    JobAnalysis a = Analyzer.analyze(r.data(), AnalysisOptions.DEFAULTS);
    Finding f =
        a.findings().stream().filter(x -> x.code().equals("overfitting")).findFirst().orElse(null);
    assertTrue(f != null, "overfitting said: " + a.findings());
    assertTrue(f.text().startsWith("Full validation loss on code bottomed out"), f.text());
    assertTrue(f.text().contains("metric_for_best_model=\"eval_code_loss\""), f.text());
    assertFalse(
        a.findings().stream().anyMatch(x -> x.code().equals("healthy")), a.findings().toString());
  }
}
