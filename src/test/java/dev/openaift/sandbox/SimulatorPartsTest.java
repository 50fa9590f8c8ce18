package dev.openaift.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's pieces without a server: number format, plan, curves, validation, tokens. */
class SimulatorPartsTest {
  @Test
  void numbersArePrintedLikePythonAfterRoundingToFiveDecimals() {
    assertEquals("0.0", PyFloat.round5(0));
    assertEquals("0.0", PyFloat.round5(0.000001));
    assertEquals("1.0", PyFloat.round5(1));
    assertEquals("1.52347", PyFloat.round5(1.523471234));
    assertEquals("6e-05", PyFloat.round5(0.00006));
    assertEquals("1e-05", PyFloat.round5(0.0000149));
    assertEquals("0.00012", PyFloat.round5(0.00012));
    assertEquals("0.1", PyFloat.round5(0.1000004));
    assertEquals("12.5", PyFloat.round5(12.5));
    assertEquals("-0.25", PyFloat.round5(-0.25));
  }

  @Test
  void autoHyperparametersScaleWithTheFileLikeTheService() {
    assertEquals(10, TrainingPlan.autoEpochs(10));
    assertEquals(3, TrainingPlan.autoEpochs(40));
    assertEquals(3, TrainingPlan.autoEpochs(5000));
    assertEquals(2, TrainingPlan.autoEpochs(12_000));
    assertEquals(1, TrainingPlan.autoEpochs(40_000));
    TrainingPlan p = TrainingPlan.resolve(1000, null, null, null, null, false, 5000, true);
    assertEquals(10, p.batchSize());
    assertEquals(1.8, p.learningRateMultiplier());
    assertEquals(100, p.stepsPerEpoch());
    assertEquals(300, p.totalSteps());
    assertNull(p.beta());
    TrainingPlan odd = TrainingPlan.resolve(25, 2, 4, 0.5, null, true, 100, false);
    assertEquals(7, odd.stepsPerEpoch());
    assertEquals(14, odd.totalSteps());
    assertEquals(0.1, odd.beta());
    assertTrue(odd.isCheckpointStep(7) && odd.isCheckpointStep(14) && !odd.isCheckpointStep(8));
    TrainingPlan many = TrainingPlan.resolve(10, 6, 1, null, null, false, 100, true);
    assertTrue(
        !many.isCheckpointStep(30) && many.isCheckpointStep(40) && many.isCheckpointStep(60));
  }

  @Test
  void curvesAreDeterministicFallAndOverfitWhenEpochsAreMany() {
    for (long seed = 1; seed <= 5; seed++) {
      TrainingPlan plan = TrainingPlan.resolve(50, 8, 1, null, null, false, 1000, true);
      assertEquals(LossModel.at(seed, plan, false, 17), LossModel.at(seed, plan, false, 17));
      double firstEpoch = meanTrain(seed, plan, 1);
      double lastEpoch = meanTrain(seed, plan, 8);
      assertTrue(
          lastEpoch < firstEpoch / 2, "train loss falls: " + firstEpoch + " -> " + lastEpoch);
      double validEpoch3 = meanValid(seed, plan, 3);
      double validEpoch8 = meanValid(seed, plan, 7);
      assertTrue(
          validEpoch8 > validEpoch3, "validation turns up: " + validEpoch3 + " -> " + validEpoch8);
      LossModel.StepMetrics last = LossModel.at(seed, plan, false, plan.totalSteps());
      assertNull(last.validLoss());
      assertTrue(last.fullValidLoss() != null && last.fullValidAccuracy() <= 1);
    }
    TrainingPlan plan = TrainingPlan.resolve(50, 3, 1, null, null, false, 1000, false);
    assertNotEquals(LossModel.at(1, plan, false, 5), LossModel.at(2, plan, false, 5));
    assertNull(LossModel.at(1, plan, false, 50).fullValidLoss());
  }

  private static double meanTrain(long seed, TrainingPlan p, int epoch) {
    double sum = 0;
    for (int s = (epoch - 1) * p.stepsPerEpoch() + 1; s <= epoch * p.stepsPerEpoch(); s++) {
      sum += LossModel.at(seed, p, false, s).trainLoss();
    }
    return sum / p.stepsPerEpoch();
  }

  private static double meanValid(long seed, TrainingPlan p, int epoch) {
    double sum = 0;
    for (int s = (epoch - 1) * p.stepsPerEpoch() + 1; s <= epoch * p.stepsPerEpoch(); s++) {
      sum += LossModel.at(seed, p, false, s).validLoss();
    }
    return sum / p.stepsPerEpoch();
  }

  @Test
  void resultCsvHasOneRowPerStepAndEmptyValidationCellsWithoutAValidationFile() {
    TrainingPlan p = TrainingPlan.resolve(10, 2, 1, null, null, false, 100, false);
    String csv = new String(ResultCsv.render(4, p, false, false), StandardCharsets.UTF_8);
    String[] lines = csv.split("\n");
    assertEquals(21, lines.length);
    assertTrue(lines[1].matches("1,[0-9.e-]+,[0-9.e-]+,,"), lines[1]);
    assertTrue(csv.endsWith("\n"));
  }

  @Test
  void trainingFileProblemsNameTheLineAndTheReason() {
    String ok =
        "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}]}\n";
    assertEquals(10, read(ok.repeat(10), false).size());
    assertProblem("Line 2: not valid JSON", ok + "nope\n" + ok.repeat(9));
    assertProblem(
        "Line 3: missing \"messages\"", ok.repeat(2) + "{\"prompt\":\"x\"}\n" + ok.repeat(9));
    assertProblem(
        "Line 1: message 2 has an invalid role \"bot\"",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"bot\",\"content\":\"a\"}]}\n"
            + ok.repeat(9));
    assertProblem(
        "Line 1: message 1 has no \"content\"",
        "{\"messages\":[{\"role\":\"user\"},{\"role\":\"assistant\",\"content\":\"a\"}]}\n"
            + ok.repeat(9));
    assertProblem(
        "Line 1: message 2 has a weight other than 0 or 1",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\",\"weight\":2}]}\n"
            + ok.repeat(9));
    assertProblem("The file has 9 example(s), but at least 10 are required.", ok.repeat(9));
    // content parts, tool calls without content, blank lines
    String parts =
        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hel\"},"
            + "{\"type\":\"text\",\"text\":\"lo\"}]},{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[]},{\"role\":\"tool\",\"content\":\"42\"},{\"role\":\"assistant\",\"content\":\"It"
            + " is 42.\"}]}\n\n";
    List<TrainingData.Example> ex = read(parts + ok.repeat(9), false);
    assertEquals("hello", ex.get(0).prompt());
    assertEquals("It is 42.", ex.get(0).answer());

    String dpo =
        "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]},"
            + "\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"good\"}],"
            + "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"bad\"}]}\n";
    assertEquals("good", read(dpo.repeat(10), true).get(0).answer());
    TrainingData.Problem p =
        assertThrows(
            TrainingData.Problem.class,
            () ->
                TrainingData.read(
                    (dpo.repeat(3) + ok + dpo.repeat(6)).getBytes(StandardCharsets.UTF_8),
                    true,
                    10));
    assertEquals(4, p.line);
  }

  private static List<TrainingData.Example> read(String text, boolean dpo) {
    try {
      return TrainingData.read(text.getBytes(StandardCharsets.UTF_8), dpo, 10);
    } catch (TrainingData.Problem e) {
      throw new AssertionError(e.getMessage());
    }
  }

  private static void assertProblem(String start, String text) {
    TrainingData.Problem p =
        assertThrows(
            TrainingData.Problem.class,
            () -> TrainingData.read(text.getBytes(StandardCharsets.UTF_8), false, 10));
    assertTrue(p.getMessage().startsWith(start), p.getMessage());
  }

  @Test
  void tokensCountWordsAndPunctuation() {
    assertEquals(0, Tokens.count(""));
    assertEquals(4, Tokens.count("Hello, world")); // 3 units (2 words, 1 comma) x 1.3 = 3.9 -> 4
    assertEquals(7, Tokens.count("I'm fine.")); // I ' m fine . = 5 units -> 6.5 -> 7
    assertEquals(4 + 4, Tokens.message("Hello, world"));
  }
}
