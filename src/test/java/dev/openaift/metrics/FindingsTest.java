package dev.openaift.metrics;

import static dev.openaift.metrics.TestData.curves;
import static dev.openaift.metrics.TestData.event;
import static dev.openaift.metrics.TestData.job;
import static dev.openaift.metrics.TestData.noise;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingsTest {

  private static List<Finding> findings(Job job, List<JobEvent> events, ResultTable results) {
    return Analyzer.analyze(
            new JobData(job, events, List.of(), results, "x"), AnalysisOptions.DEFAULTS)
        .findings();
  }

  private static List<String> codes(List<Finding> findings) {
    return findings.stream().map(Finding::code).toList();
  }

  private static Finding find(List<Finding> findings, String code) {
    return findings.stream()
        .filter(f -> f.code().equals(code))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + code + " in " + findings));
  }

  /** Falls fast, then flat at 0.2 with a little noise. */
  private static double settledTrain(long s) {
    return 2 * Math.exp(-s / 10.0) + 0.2 + 0.01 * noise(s);
  }

  @Test
  void overfittingOnNoisyMinibatchValidationNamesTheEpochAndSuggestsNEpochs() {
    // 4 epochs of 50 steps; validation every 5 steps bottoms out at step 80 (epoch 2), then rises
    ResultTable r =
        curves(
            200,
            s -> 2 * Math.exp(-s / 40.0) + 0.2 + 0.02 * noise(s),
            s ->
                s % 5 != 0
                    ? Double.NaN
                    : Math.exp(-s / 30.0)
                        + 0.5
                        + 0.004 * Math.max(0, s - 80)
                        + 0.02 * noise(1000 + s));
    List<Finding> f = findings(job("succeeded", "4"), List.of(), r);
    assertEquals("overfitting", f.get(0).code(), f.toString());
    assertEquals("warning", f.get(0).severity());
    String text = f.get(0).text();
    assertTrue(
        text.startsWith("Validation loss (averaged over runs of 4 points) bottomed out at "), text);
    assertTrue(text.contains("(epoch 2)"), text);
    assertTrue(text.contains("Try n_epochs=2"), text);
    assertTrue(!codes(f).contains("undertrained"), "not both");
  }

  @Test
  void overfittingFromTheOverfitFixtureUsesFullValidation() {
    JobAnalysis a =
        Analyzer.analyze(
            JobInputs.fromDirectory(Fixtures.path("jobs/overfit")), AnalysisOptions.DEFAULTS);
    Finding f = a.findings().get(0);
    assertEquals("overfitting", f.code());
    assertTrue(
        f.text()
            .startsWith(
                "Full validation loss bottomed out at 0.465 at step 40 (epoch 2), then rose"),
        f.text());
    assertTrue(f.text().contains("Try n_epochs=2"), f.text());
    assertEquals(40, a.bestCheckpoint().stepNumber());
  }

  /**
   * Full validation at the ends of 3 epochs of 20 steps (0.95, then the best 0.85, then {@code
   * last}) while the training loss falls: the same numbers as an OpenAI job's result file and as a
   * Trainer run's {@code eval_loss}.
   */
  private static JobAnalysis risingFullValidation(Path dir, boolean trainer, double last)
      throws java.io.IOException {
    double[] eval = {0.95, 0.85, last};
    if (trainer) {
      StringBuilder log = new StringBuilder();
      for (int s = 1; s <= 60; s++) {
        log.append(
            String.format(
                java.util.Locale.ROOT,
                "{\"epoch\": %s, \"learning_rate\": 2e-5, \"loss\": %s, \"step\": %d},",
                s / 20.0,
                2 * Math.exp(-s / 20.0) + 0.2,
                s));
        if (s % 20 == 0) {
          log.append(
              String.format(
                  java.util.Locale.ROOT,
                  "{\"epoch\": %s, \"eval_loss\": %s, \"step\": %d},",
                  s / 20.0,
                  eval[s / 20 - 1],
                  s));
        }
      }
      log.append("{\"epoch\": 3.0, \"step\": 60, \"train_loss\": 0.7}");
      Path state = dir.resolve("trainer_state.json");
      java.nio.file.Files.writeString(
          state,
          "{\"global_step\": 60, \"max_steps\": 60, \"num_train_epochs\": 3, \"log_history\": ["
              + log
              + "]}");
      return Analyzer.analyze(TrainerState.read(state).data(), AnalysisOptions.DEFAULTS);
    }
    StringBuilder b = new StringBuilder("step,train_loss,train_accuracy,full_valid_loss\n");
    for (int s = 1; s <= 60; s++) {
      b.append(s).append(',').append(2 * Math.exp(-s / 20.0) + 0.2).append(",0.5,");
      b.append(s % 20 == 0 ? Double.toString(eval[s / 20 - 1]) : "").append('\n');
    }
    return Analyzer.analyze(
        new JobData(job("succeeded", "3"), List.of(), List.of(), TestData.csv(b.toString()), "x"),
        AnalysisOptions.DEFAULTS);
  }

  @Test
  void oneOverfittingRuleForJobsAndTrainerRunsWithAdviceInEachOnesTerms(
      @org.junit.jupiter.api.io.TempDir Path tmp) throws java.io.IOException {
    // 4.8% above the best checkpoint: flagged for both sources (the Trainer run's was missed)
    Finding job = find(risingFullValidation(tmp, false, 0.85 * 1.048).findings(), "overfitting");
    Finding run = find(risingFullValidation(tmp, true, 0.85 * 1.048).findings(), "overfitting");
    assertTrue(job.text().contains("rose 4.8% to 0.891"), job.text());
    assertTrue(run.text().contains("rose 4.8% to 0.891"), run.text());
    assertTrue(job.text().contains("Try n_epochs=2,"), job.text());
    assertTrue(!job.text().contains("num_train_epochs"), job.text());
    assertTrue(run.text().contains("Try num_train_epochs=2,"), run.text());
    assertTrue(run.text().contains("load_best_model_at_end=True"), run.text());
    assertTrue(!run.text().contains(" n_epochs"), run.text());
    // and a rise within the rule's margin is flagged for neither
    for (boolean trainer : new boolean[] {false, true}) {
      List<Finding> f = risingFullValidation(tmp, trainer, 0.85 * 1.02).findings();
      assertTrue(!codes(f).contains("overfitting"), (trainer ? "trainer: " : "job: ") + f);
    }
  }

  @Test
  void aFlatNoisyValidationCurveIsNotOverfitting() {
    ResultTable r =
        curves(
            200,
            FindingsTest::settledTrain,
            s -> s % 2 != 0 ? Double.NaN : 0.5 + 0.05 * noise(500 + s));
    List<Finding> f = findings(job("succeeded", "2"), List.of(), r);
    assertEquals(List.of("healthy"), codes(f), f.toString());
  }

  @Test
  void flatNoisyValidationIsNotOverfittingWhateverTheNoiseSequence() {
    for (int seed = 0; seed < 40; seed++) {
      int offset = 10_000 * seed;
      ResultTable r =
          curves(
              300,
              FindingsTest::settledTrain,
              s -> s % 3 != 0 ? Double.NaN : 0.8 + 0.1 * noise(offset + s));
      List<Finding> f = findings(job("succeeded", "3"), List.of(), r);
      assertTrue(!codes(f).contains("overfitting"), "seed " + seed + ": " + f);
    }
  }

  @Test
  void overfittingTextForMinibatchValidation() {
    // points at steps 65..80 average 0.591 (the lowest run); 185..200 average 0.952
    ResultTable r =
        curves(
            200,
            s -> 2 * Math.exp(-s / 40.0) + 0.2,
            s -> s % 5 != 0 ? Double.NaN : Math.exp(-s / 30.0) + 0.5 + 0.004 * Math.max(0, s - 80));
    Finding f = findings(job("succeeded", "4"), List.of(), r).get(0);
    assertEquals(
        "Validation loss (averaged over runs of 4 points) bottomed out at 0.591 at step 80 (epoch"
            + " 2), then rose 61.1% to 0.952 by step 200 while training loss kept falling (0.501 to"
            + " 0.215): overfitting from epoch 2 on. Try n_epochs=2, or use the checkpoint nearest"
            + " step 80.",
        f.text());
  }

  @Test
  void overfittingAfterAnEpochEndStartsInTheNextEpoch() {
    // the fixture's full-validation loss is lowest at step 40, the end of epoch 2 of 5: it falls
    // all
    // through epoch 2 and rises from epoch 3 on; stopping after 2 epochs is the suggestion
    JobAnalysis a =
        Analyzer.analyze(
            JobInputs.fromDirectory(Fixtures.path("jobs/overfit")), AnalysisOptions.DEFAULTS);
    String text = a.findings().get(0).text();
    assertTrue(text.contains("overfitting from epoch 3 on. Try n_epochs=2,"), text);
  }

  @Test
  void overfittingInTheLastEpochSuggestsFewerEpochsThanWereRun() {
    // 3 epochs of 100 steps; validation bottoms out at step 230 (epoch 3), then rises: n_epochs=3
    // is
    // what was run, so the suggestion is the epoch end nearest the minimum before the last (2)
    ResultTable r =
        curves(
            300,
            s -> 2 * Math.exp(-s / 60.0) + 0.2 - 0.0003 * s,
            s ->
                s % 5 != 0 ? Double.NaN : Math.exp(-s / 60.0) + 0.5 + 0.006 * Math.max(0, s - 230));
    Finding f = findings(job("succeeded", "3"), List.of(), r).get(0);
    assertEquals("overfitting", f.code(), f.toString());
    assertTrue(f.text().contains("(epoch 3)"), f.text());
    assertTrue(f.text().contains("from epoch 3 on. Try n_epochs=2,"), f.text());
  }

  @Test
  void overfittingEarlyInAnEpochSuggestsStoppingAtTheNearestEpochEnd() {
    // 3 epochs of 100 steps; validation bottoms out at step 105, just after the end of epoch 1
    ResultTable r =
        curves(
            300,
            s -> 2 * Math.exp(-s / 60.0) + 0.2 - 0.0003 * s,
            s ->
                s % 5 != 0 ? Double.NaN : Math.exp(-s / 30.0) + 0.5 + 0.004 * Math.max(0, s - 105));
    Finding f = findings(job("succeeded", "3"), List.of(), r).get(0);
    assertEquals("overfitting", f.code(), f.toString());
    assertTrue(f.text().contains("(epoch 2)"), f.text());
    assertTrue(f.text().contains("from epoch 2 on. Try n_epochs=1,"), f.text());
  }

  @Test
  void overfittingInAOneEpochJobSuggestsFewerSteps() {
    ResultTable r =
        curves(
            200,
            s -> 2 * Math.exp(-s / 40.0) + 0.2 - 0.0003 * s,
            s -> s % 5 != 0 ? Double.NaN : Math.exp(-s / 30.0) + 0.5 + 0.004 * Math.max(0, s - 80));
    Finding f = findings(job("succeeded", "1"), List.of(), r).get(0);
    assertEquals("overfitting", f.code(), f.toString());
    assertTrue(!f.text().contains("n_epochs="), f.text());
    assertTrue(f.text().contains("Train for fewer steps"), f.text());
  }

  @Test
  void validationRisingWhileTrainingAlsoRisesIsNotOverfitting() {
    ResultTable r =
        curves(
            100, s -> 0.5 + 0.01 * s, s -> s % 5 != 0 ? Double.NaN : 0.6 + 0.01 * Math.abs(s - 30));
    assertTrue(!codes(findings(job("succeeded", "2"), List.of(), r)).contains("overfitting"));
  }

  @Test
  void trainingLossStillFallingAtTheEndIsUndertrained() {
    ResultTable r =
        curves(
            200,
            s -> 2 * Math.exp(-s / 300.0) + 0.2 + 0.01 * noise(s),
            s -> s % 5 != 0 ? Double.NaN : 2 * Math.exp(-s / 300.0) + 0.3 + 0.01 * noise(9 + s));
    List<Finding> f = findings(job("succeeded", "2"), List.of(), r);
    Finding u = find(f, "undertrained");
    assertTrue(
        u.text()
            .startsWith("Training loss was still falling at the end: the last 20 steps averaged "),
        u.text());
    assertTrue(u.text().endsWith("try more epochs (n_epochs=3)."), u.text());
    assertTrue(!codes(f).contains("healthy"));
  }

  @Test
  void aLevelledOffButNoisyTrainingLossIsNotUndertrained() {
    // per-step training loss is noisy (batch size 1): +/-0.15 around a curve that has levelled off
    // at 0.3;
    // the last tenth's mean differs from the tenth before by noise alone, often by more than 3%
    for (int seed = 0; seed < 40; seed++) {
      int offset = 20_000 * seed;
      ResultTable r =
          curves(
              300,
              s -> 2 * Math.exp(-s / 30.0) + 0.3 + 0.15 * noise(offset + s),
              s -> s % 3 != 0 ? Double.NaN : 0.8 + 0.02 * noise(7 + offset + s));
      List<Finding> f = findings(job("succeeded", "3"), List.of(), r);
      assertTrue(!codes(f).contains("undertrained"), "seed " + seed + ": " + f);
    }
  }

  @Test
  void undertrainedCountsPointsNotStepsWhenTheLossIsSparse() {
    // metrics events every 10 steps only (an events-only job of 400 steps): 40 training points
    List<JobEvent> events = new java.util.ArrayList<>();
    for (long s = 10; s <= 400; s += 10) {
      events.add(
          TestData.metrics(
              "e" + s,
              s,
              java.util.Map.of("step", s, "total_steps", 400L, "train_loss", 2 - 0.004 * s)));
    }
    List<Finding> f =
        Analyzer.analyze(
                new JobData(job("succeeded", "2"), events, List.of(), null, "x"),
                AnalysisOptions.DEFAULTS)
            .findings();
    Finding u = find(f, "undertrained");
    assertTrue(
        u.text()
            .startsWith(
                "Training loss was still falling at the end: the last 4 points (steps 370 to 400)"
                    + " averaged 0.460, 25.8% below the 4 before (steps 330 to 360: 0.620)."),
        u.text());
  }

  @Test
  void aRunningJobIsNotCalledUndertrained() {
    ResultTable r =
        curves(200, s -> 2 * Math.exp(-s / 300.0) + 0.2, s -> s % 5 != 0 ? Double.NaN : 0.5);
    List<Finding> f = findings(job("running", "2"), List.of(), r);
    assertEquals(List.of("healthy"), codes(f));
    // the total is unknown (no metrics events): "step 200 of 200" would say the running job is done
    assertEquals(
        "Nothing stands out so far (step 200): no overfitting, and no warnings or errors among"
            + " the events.",
        f.get(0).text());
    List<JobEvent> events =
        List.of(TestData.metrics("e", 1, java.util.Map.of("step", 200L, "total_steps", 400L)));
    assertEquals(
        "Nothing stands out so far (step 200 of 400): no overfitting, and no warnings or errors"
            + " among the events.",
        findings(job("running", "1"), events, r).get(0).text());
  }

  @Test
  void aCancelledJobSaysOfHowManyStepsOnlyWhenKnown() {
    ResultTable r = curves(50, FindingsTest::settledTrain, s -> s % 5 != 0 ? Double.NaN : 0.5);
    assertEquals(
        "The job was cancelled after step 50.",
        find(findings(job("cancelled", "2"), List.of(), r), "job_cancelled").text());
    List<JobEvent> events =
        List.of(TestData.metrics("e", 1, java.util.Map.of("step", 50L, "total_steps", 100L)));
    assertEquals(
        "The job was cancelled after step 50 of 100.",
        find(findings(job("cancelled", "2"), events, r), "job_cancelled").text());
  }

  @Test
  void aLevelledOffJobIsHealthy() {
    ResultTable r =
        curves(
            200,
            FindingsTest::settledTrain,
            s -> s % 5 != 0 ? Double.NaN : Math.exp(-s / 20.0) + 0.4 + 0.01 * noise(77 + s));
    List<Finding> f = findings(job("succeeded", "4"), List.of(), r);
    assertEquals(List.of("healthy"), codes(f), f.toString());
    assertEquals("info", f.get(0).severity());
  }

  @Test
  void aShortJobIsNotSaidToHaveLevelledOff() {
    // 10 steps, training loss falling straight down: too few points for the undertrained check
    ResultTable r = curves(10, s -> 2 - 0.1 * s, s -> 0.9 + 0.01 * noise(s));
    List<Finding> f = findings(job("succeeded", "1"), List.of(), r);
    assertEquals(List.of("healthy"), codes(f), f.toString());
    assertEquals(
        "Nothing stands out: no overfitting, and no warnings or errors among the events. Too few"
            + " training points (10) to judge whether the training loss had levelled off.",
        f.get(0).text());
  }

  @Test
  void fewValidationPointsAreTooSparse() {
    ResultTable r = curves(100, FindingsTest::settledTrain, s -> s % 40 != 0 ? Double.NaN : 0.5);
    Finding f = find(findings(job("succeeded", "1"), List.of(), r), "sparse_validation");
    assertEquals(
        "Only 2 validation points and 0 full-validation points: too sparse to judge overfitting.",
        f.text());
  }

  @Test
  void anEpochWithoutValidationIsTooSparse() {
    ResultTable r =
        curves(100, FindingsTest::settledTrain, s -> s > 50 || s % 5 != 0 ? Double.NaN : 0.5);
    Finding f = find(findings(job("succeeded", "2"), List.of(), r), "sparse_validation");
    assertEquals(
        "No validation points in epoch 2: too sparse to judge how those epochs generalised.",
        f.text());
  }

  @Test
  void epochsNotReachedYetAreNotCalledSparse() {
    // a running job at step 200 of 400 (2 epochs): epoch 2 has not started, so it has no validation
    // yet
    ResultTable r = curves(200, FindingsTest::settledTrain, s -> s % 5 != 0 ? Double.NaN : 0.5);
    List<JobEvent> events =
        List.of(TestData.metrics("e", 1, java.util.Map.of("step", 200L, "total_steps", 400L)));
    List<Finding> f = findings(job("running", "2"), events, r);
    assertTrue(!codes(f).contains("sparse_validation"), f.toString());
    // one step into epoch 2 without validation yet is still not judged; a whole epoch without is
    ResultTable r2 =
        curves(300, FindingsTest::settledTrain, s -> s > 200 || s % 5 != 0 ? Double.NaN : 0.5);
    List<JobEvent> at300 =
        List.of(TestData.metrics("e", 1, java.util.Map.of("step", 300L, "total_steps", 400L)));
    assertTrue(!codes(findings(job("running", "2"), at300, r2)).contains("sparse_validation"));
    List<JobEvent> at300of600 =
        List.of(TestData.metrics("e", 1, java.util.Map.of("step", 300L, "total_steps", 600L)));
    assertEquals(
        "No validation points in epoch 3: too sparse to judge how those epochs generalised.",
        find(findings(job("running", "6"), at300of600, r2), "sparse_validation").text());
  }

  @Test
  void noValidationAtAll() {
    ResultTable r = curves(100, FindingsTest::settledTrain, s -> Double.NaN);
    Job noValidationFile =
        new Job(
            "ftjob-n",
            "succeeded",
            "m",
            null,
            null,
            null,
            null,
            null,
            null,
            "file-t",
            null,
            List.of(),
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    List<Finding> f = findings(noValidationFile, List.of(), r);
    assertEquals(List.of("no_validation"), codes(f));
    assertTrue(f.get(0).text().startsWith("No validation metrics"), f.get(0).text());
  }

  @Test
  void failedJobComesFirstThenEventErrorsThenWarnings() {
    Job failed =
        new Job(
            "ftjob-f",
            "failed",
            "m",
            null,
            null,
            null,
            null,
            null,
            null,
            "file-t",
            "file-v",
            List.of(),
            null,
            null,
            null,
            null,
            "invalid_file",
            "Bad roles in 3 examples.",
            null);
    List<JobEvent> events =
        List.of(
            event("a", 1, "warn", "Some examples are too long"),
            event("b", 2, "warn", "Another warning"),
            event("c", 3, "error", "Training failed: invalid file"));
    ResultTable r = curves(100, FindingsTest::settledTrain, s -> s % 5 != 0 ? Double.NaN : 0.5);
    List<Finding> f = findings(failed, events, r);
    assertEquals(List.of("job_failed", "event_errors", "event_warnings"), codes(f));
    assertEquals("The job failed (invalid_file): Bad roles in 3 examples.", f.get(0).text());
    assertEquals("1 error event; the first: \"Training failed: invalid file\"", f.get(1).text());
    assertEquals("2 warning events; the first: \"Some examples are too long\"", f.get(2).text());
  }

  @Test
  void aTruncatedResultFileIsReported() {
    ResultTable r = TestData.csv("step,train_loss,valid_loss\n1,1.0,1.0\n2,0.9,0.9\n3,0.8");
    List<Finding> f = findings(null, List.of(), r);
    assertTrue(codes(f).contains("truncated"), f.toString());
    assertEquals("warning", find(f, "truncated").severity());
  }
}
