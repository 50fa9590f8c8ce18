package dev.openaift.metrics;

import static dev.openaift.metrics.TestData.checkpoint;
import static dev.openaift.metrics.TestData.csv;
import static dev.openaift.metrics.TestData.event;
import static dev.openaift.metrics.TestData.job;
import static dev.openaift.metrics.TestData.metrics;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.job.Checkpoint;
import dev.openaift.job.JobEvent;
import dev.openaift.metrics.MetricSeries.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyzerTest {

  private static final double EPS = 1e-12;

  private static JobAnalysis analyze(JobData data) {
    return Analyzer.analyze(data, AnalysisOptions.DEFAULTS);
  }

  @Test
  void resultFileWinsEventsFillGapsCheckpointsFillFullValidation() {
    ResultTable results =
        csv(
            "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n"
                + "1,1.0,0.5,,\n2,0.9,0.55,0.95,0.5\n3,0.8,0.6,,\n4,0.7,0.65,,\n");
    List<JobEvent> events =
        List.of(
            metrics("e2", 12, Map.of("step", 2L, "total_steps", 6L, "valid_loss", 9.99)),
            metrics(
                "e3",
                13,
                new java.util.TreeMap<>(
                    Map.of(
                        "step",
                        3L,
                        "valid_loss",
                        0.85,
                        "train_mean_reward",
                        0.3,
                        "scores",
                        Map.of("x", 1.0)))),
            metrics(
                "e4",
                14,
                Map.of("step", 4L, "full_valid_loss", 0.6, "full_valid_mean_token_accuracy", 0.8)),
            metrics("e5", 15, Map.of("step", 5L, "train_loss", 0.5)));
    List<Checkpoint> checkpoints =
        List.of(
            checkpoint(2, Map.of("full_valid_loss", 0.65)),
            checkpoint(4, Map.of("full_valid_loss", 0.1)));
    JobAnalysis a = analyze(new JobData(null, events, checkpoints, results, "folder"));

    assertEquals("current", a.format());
    assertEquals(5, a.steps());
    assertEquals(6, a.totalSteps(), "from total_steps");
    assertArrayEquals(new long[] {1, 2, 3, 4, 5}, a.series("train_loss").steps());
    assertArrayEquals(new double[] {1.0, 0.9, 0.8, 0.7, 0.5}, a.series("train_loss").values());
    assertArrayEquals(
        new double[] {0.95, 0.85},
        a.series("valid_loss").values(),
        "the file's 0.95 wins over 9.99");
    assertArrayEquals(new long[] {2, 4}, a.series("full_valid_loss").steps());
    assertArrayEquals(
        new double[] {0.65, 0.6},
        a.series("full_valid_loss").values(),
        "checkpoint fills step 2; the event's 0.6 wins over the checkpoint's 0.1 at step 4");
    assertArrayEquals(
        new double[] {0.65, 0.6}, a.series("full_valid_loss").smoothed(), "never smoothed");
    assertEquals(Kind.FULL_VALIDATION, a.series("full_valid_accuracy").kind());
    assertEquals(Kind.EXTRA, a.series("train_mean_reward").kind());
    assertNull(a.series("scores"), "nested objects are flattened");
    assertArrayEquals(new double[] {1.0}, a.series("scores.x").values(), "under a dotted name");
    assertEquals(
        List.of(
            "train_loss",
            "train_accuracy",
            "valid_loss",
            "valid_accuracy",
            "full_valid_loss",
            "full_valid_accuracy",
            "scores.x",
            "train_mean_reward"),
        a.series().stream().map(MetricSeries::name).toList());
    assertEquals("full_valid_mean_token_accuracy", a.sourceColumns().get("full_valid_accuracy"));
    assertEquals("valid_mean_token_accuracy", a.series("valid_accuracy").sourceName());
    assertEquals("ftjob-ck", a.jobId(), "from the checkpoints");
    assertEquals(
        4,
        a.bestCheckpoint().stepNumber(),
        "lowest full_valid_loss in the checkpoints' own metrics: 0.1");
  }

  @Test
  void eventsOnlyJobGetsAFullAnalysis() {
    List<JobEvent> events =
        List.of(
            event("e0", 100, "info", "Created fine-tuning job: ftjob-ev1"),
            event("e1", 150, "info", "Fine-tuning job started"),
            metrics(
                "e2",
                160,
                Map.of(
                    "step",
                    1L,
                    "total_steps",
                    2L,
                    "train_loss",
                    2.0,
                    "train_mean_token_accuracy",
                    0.4,
                    "valid_loss",
                    2.1,
                    "valid_mean_token_accuracy",
                    0.35)),
            metrics(
                "e3",
                170,
                Map.of("step", 2L, "total_steps", 2L, "train_loss", 1.0, "full_valid_loss", 1.5)),
            event("e4", 200, "info", "The job has successfully completed"));
    JobAnalysis a = analyze(new JobData(null, events, List.of(), null, "folder"));
    assertEquals("events", a.format());
    assertEquals("ftjob-ev1", a.jobId());
    assertEquals(2, a.steps());
    assertArrayEquals(new double[] {2.0, 1.0}, a.series("train_loss").values());
    // last = 0.8 -> 0.8/0.4 = 2; last = 0.48 + 0.4 = 0.88 -> 0.88/0.64 = 1.375
    assertArrayEquals(new double[] {2.0, 1.375}, a.series("train_loss").smoothed(), EPS);
    assertEquals("train_mean_token_accuracy", a.sourceColumns().get("train_accuracy"));
    assertEquals(Map.of("created", 100L, "started", 150L, "finished", 200L), a.timestamps());
    assertEquals(Map.of("queued", 50L, "training", 50L, "total", 100L), a.durations());
  }

  @Test
  void statsOfASeries() {
    JobAnalysis a =
        analyze(
            new JobData(
                null,
                List.of(),
                List.of(),
                csv("step,train_loss\n1,3.0\n2,1.0\n3,2.0\n4,1.0\n5,4.0\n"),
                "x"));
    MetricStats s = a.stats().get("train_loss");
    assertEquals(5, s.points());
    assertEquals(3.0, s.first());
    assertEquals(1, s.firstStep());
    assertEquals(4.0, s.last());
    assertEquals(5, s.lastStep());
    assertEquals(1.0, s.min());
    assertEquals(2, s.minStep(), "first step of the minimum");
    assertEquals(4.0, s.max());
    assertEquals(5, s.maxStep());
    assertEquals(2.2, s.mean(), EPS);
    assertEquals(Smoothing.ema(new double[] {3, 1, 2, 1, 4}, 0.6)[4], s.lastSmoothed(), EPS);
    JobAnalysis other =
        Analyzer.analyze(
            new JobData(
                null,
                List.of(),
                List.of(),
                csv("step,train_loss\n1,3.0\n2,1.0\n3,2.0\n4,1.0\n5,4.0\n"),
                "x"),
            new AnalysisOptions(0.9, 3));
    assertEquals(
        s.lastSmoothed(),
        other.stats().get("train_loss").lastSmoothed(),
        EPS,
        "last_smoothed is at weight 0.6 whatever the display weight");
    assertEquals("x", a.jobId(), "the fallback id");
  }

  @Test
  void validationSeriesGetARollingBandOthersDoNot() {
    JobAnalysis a =
        Analyzer.analyze(
            new JobData(
                null,
                List.of(),
                List.of(),
                csv("step,train_loss,valid_loss\n1,1,2\n2,1,4\n3,1,\n4,1,4\n"),
                "x"),
            new AnalysisOptions(0.6, 2));
    assertArrayEquals(new double[] {2, 3, 4}, a.series("valid_loss").rollingMean(), EPS);
    assertArrayEquals(new double[] {0, 1, 0}, a.series("valid_loss").rollingStd(), EPS);
    assertNull(a.series("train_loss").rollingMean());
    assertEquals(2, a.rollingWindow());
  }

  @Test
  void epochsFromNEpochsAndTheTotalSteps() {
    assertEquals(List.of(33L, 67L, 100L), Epochs.evenEnds(3, 100));
    assertEquals(List.of(1L, 2L), Epochs.evenEnds(5, 2), "more epochs than steps collapse");
  }

  @Test
  void aRunningJobWithoutTotalStepsGetsNoEpochsFromNEpochs() {
    // 5 steps done of an unknown total: spreading 3 epochs over the 5 steps (ends 2, 3, 5) would be
    // wrong
    ResultTable results = csv("step,train_loss\n1,1.0\n2,0.9\n3,0.8\n4,0.7\n5,0.6\n");
    JobAnalysis running =
        analyze(new JobData(job("running", "3"), List.of(), List.of(), results, "x"));
    assertEquals(List.of(), running.epochEnds());
    assertEquals(List.of(), running.epochs());
    // once the events say how many steps there are, the epochs are known
    List<JobEvent> events =
        List.of(metrics("e5", 5, Map.of("step", 5L, "total_steps", 9L, "train_loss", 0.6)));
    assertEquals(
        List.of(3L, 6L, 9L),
        analyze(new JobData(job("running", "3"), events, List.of(), results, "x")).epochEnds());
    // a cancelled or failed job stopped early: its last step is not the total either
    assertEquals(
        List.of(),
        analyze(new JobData(job("cancelled", "3"), List.of(), List.of(), results, "x"))
            .epochEnds());
    assertEquals(
        List.of(),
        analyze(new JobData(job("failed", "3"), List.of(), List.of(), results, "x")).epochEnds());
    // a succeeded job ran all its steps
    assertEquals(
        List.of(2L, 3L, 5L),
        analyze(new JobData(job("succeeded", "3"), List.of(), List.of(), results, "x"))
            .epochEnds());
  }

  @Test
  void perEpochTableMeansAndLastFullValidation() {
    ResultTable results =
        csv(
            "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n"
                + "1,1,0.1,,\n2,2,0.2,2,0.25\n3,3,0.3,,\n4,4,0.4,4,0.45\n5,5,0.5,,\n6,6,0.6,,\n");
    List<JobEvent> events =
        List.of(
            metrics("e3", 3, Map.of("step", 3L, "full_valid_loss", 0.9)),
            metrics("e6", 6, Map.of("step", 6L, "full_valid_loss", 0.8)));
    JobAnalysis a = analyze(new JobData(job("succeeded", "2"), events, List.of(), results, "x"));
    assertEquals(List.of(3L, 6L), a.epochEnds());
    assertEquals("n_epochs", a.epochSource());
    assertEquals(2, a.epochs().size());
    assertEpoch(new EpochRow(1, 1, 3, 2.0, 2.0, 0.9, 0.2, 0.25), a.epochs().get(0));
    assertEpoch(new EpochRow(2, 4, 6, 5.0, 4.0, 0.8, 0.5, 0.45), a.epochs().get(1));
  }

  @Test
  void longJobsAreSummedInBlocks() {
    // 10,000 rows > MAX_BLOCKS: the epoch sums are sums of block sums, with the same means
    int n = 10_000;
    ResultTable results = TestData.curves(n, s -> s, s -> s % 3 == 0 ? 2.0 * s : Double.NaN);
    JobAnalysis a = analyze(new JobData(job("succeeded", "3"), List.of(), List.of(), results, "x"));
    assertEquals(List.of(3333L, 6667L, 10000L), a.epochEnds());
    // epoch 1: steps 1..3333, mean 1667; valid at multiples of 3 (3..3333): mean 2 * 1668 = 3336
    assertEpoch(
        new EpochRow(1, 1, 3333, 1667, 3336, Double.NaN, 0.5, Double.NaN), a.epochs().get(0));
    // epoch 2: steps 3334..6667, mean 5000.5; valid 3336..6666 step 3: mean 2 * 5001 = 10002
    assertEpoch(
        new EpochRow(2, 3334, 6667, 5000.5, 10002, Double.NaN, 0.5, Double.NaN), a.epochs().get(1));
    // epoch 3: steps 6668..10000, mean 8334; valid 6669..9999: mean 2 * 8334 = 16668
    assertEpoch(
        new EpochRow(3, 6668, 10000, 8334, 16668, Double.NaN, 0.5, Double.NaN), a.epochs().get(2));
  }

  private static void assertEpoch(EpochRow expected, EpochRow actual) {
    assertEquals(expected.epoch(), actual.epoch());
    assertEquals(expected.firstStep(), actual.firstStep());
    assertEquals(expected.lastStep(), actual.lastStep());
    assertEquals(expected.meanTrainLoss(), actual.meanTrainLoss(), 1e-9, "meanTrainLoss");
    assertEquals(expected.meanValidLoss(), actual.meanValidLoss(), 1e-9, "meanValidLoss");
    assertEquals(expected.fullValidLoss(), actual.fullValidLoss(), 1e-9, "fullValidLoss");
    assertEquals(
        expected.meanTrainAccuracy(), actual.meanTrainAccuracy(), 1e-9, "meanTrainAccuracy");
    assertEquals(
        expected.meanValidAccuracy(), actual.meanValidAccuracy(), 1e-9, "meanValidAccuracy");
  }

  @Test
  void epochTableHasNaNWhereAnEpochHasNoPoints() {
    ResultTable results = csv("step,train_loss,valid_loss\n1,1,\n2,2,\n3,3,1\n4,4,\n");
    JobAnalysis a = analyze(new JobData(job("succeeded", "2"), List.of(), List.of(), results, "x"));
    EpochRow first = a.epochs().get(0);
    assertTrue(Double.isNaN(first.meanValidLoss()));
    assertTrue(Double.isNaN(first.fullValidLoss()));
    assertTrue(Double.isNaN(first.meanTrainAccuracy()));
    assertEquals(1.0, a.epochs().get(1).meanValidLoss());
  }

  @Test
  void epochsFromLegacyClassificationRows() {
    JobAnalysis a =
        Analyzer.analyze(
            new JobInputs(
                Fixtures.path("results/legacy_classification_multiclass.csv"), null, null, null),
            AnalysisOptions.DEFAULTS);
    assertEquals("legacy", a.format());
    assertEquals(List.of(2L, 4L, 6L), a.epochEnds());
    assertEquals("classification", a.epochSource());
    assertEquals(Kind.CLASSIFICATION, a.series("classification/accuracy").kind());
    assertEquals(Kind.EXTRA, a.series("training_sequence_accuracy").kind());
    assertEquals(
        "legacy_classification_multiclass", a.jobId(), "a loose file is named by its own name");
  }

  @Test
  void epochsFromLegacyCompletedEpochEvents() {
    List<JobEvent> events =
        List.of(
            event("e1", 10, "info", "Completed epoch 1/2"),
            event("e2", 20, "info", "Completed epoch 2/2"));
    JobAnalysis a =
        analyze(
            new JobData(
                null,
                events,
                List.of(),
                ResultFileReader.read(Fixtures.path("results/legacy_with_validation.csv")),
                "x"));
    assertEquals(List.of(2L, 4L), a.epochEnds());
    assertEquals("events", a.epochSource());
  }

  @Test
  void epochsFromRegularlySpacedCheckpoints() {
    ResultTable results = TestData.curves(60, s -> 1.0 / s, s -> Double.NaN);
    JobAnalysis a =
        analyze(
            new JobData(
                null,
                List.of(),
                List.of(checkpoint(40, Map.of()), checkpoint(60, Map.of())),
                results,
                "x"));
    assertEquals(List.of(20L, 40L, 60L), a.epochEnds());
    assertEquals("checkpoints", a.epochSource());

    JobAnalysis finalNotCheckpointed =
        analyze(
            new JobData(
                null,
                List.of(),
                List.of(checkpoint(20, Map.of()), checkpoint(40, Map.of())),
                results,
                "x"));
    assertEquals(List.of(20L, 40L, 60L), finalNotCheckpointed.epochEnds());

    JobAnalysis irregular =
        analyze(
            new JobData(
                null,
                List.of(),
                List.of(
                    checkpoint(10, Map.of()), checkpoint(40, Map.of()), checkpoint(45, Map.of())),
                results,
                "x"));
    assertEquals(List.of(), irregular.epochEnds());
    assertNull(irregular.epochSource());
    assertEquals(List.of(), irregular.epochs());
  }

  @Test
  void checkpointsThatDoNotFitWholeEpochsAreNotEpochEnds() {
    ResultTable results = TestData.curves(300, s -> 1.0 / s, s -> Double.NaN);
    // one checkpoint at 200 of 300 steps: epochs of 200 and 100 steps are not epochs
    assertEquals(
        List.of(),
        analyze(new JobData(null, List.of(), List.of(checkpoint(200, Map.of())), results, "x"))
            .epochEnds());
    // 150 and 250 of 300, spacing 100: the first "epoch" would be 150 steps, the last 50
    assertEquals(
        List.of(),
        analyze(
                new JobData(
                    null,
                    List.of(),
                    List.of(checkpoint(150, Map.of()), checkpoint(250, Map.of())),
                    results,
                    "x"))
            .epochEnds());
    // one checkpoint at 100 of 300: three epochs of 100
    assertEquals(
        List.of(100L, 200L, 300L),
        analyze(new JobData(null, List.of(), List.of(checkpoint(100, Map.of())), results, "x"))
            .epochEnds());
  }

  @Test
  void bestCheckpointFallsBackToTheFullValidationSeries() {
    ResultTable results = TestData.curves(4, s -> 1.0 / s, s -> Double.NaN);
    List<JobEvent> events =
        List.of(
            metrics("e2", 2, Map.of("step", 2L, "full_valid_loss", 0.5)),
            metrics("e4", 4, Map.of("step", 4L, "full_valid_loss", 0.7)));
    JobAnalysis a =
        analyze(
            new JobData(
                null,
                events,
                List.of(checkpoint(2, Map.of()), checkpoint(4, Map.of())),
                results,
                "x"));
    assertEquals(2, a.bestCheckpoint().stepNumber());
    assertEquals(0.5, Analyzer.fullValidLossOf(a.bestCheckpoint(), a));
  }

  @Test
  void generalisationGapIsFullValidMinusSmoothedTrainAtThatStep() {
    ResultTable results = csv("step,train_loss\n1,1.0\n2,2.0\n3,3.0\n");
    List<JobEvent> events = List.of(metrics("e2", 2, Map.of("step", 2L, "full_valid_loss", 5.0)));
    JobAnalysis a = analyze(new JobData(null, events, List.of(), results, "x"));
    assertEquals(5.0 - 1.625, a.generalisationGap(), EPS);
    assertEquals(
        "full_valid_loss at step 2 minus train_loss (EMA 0.6) at step 2",
        GeneralisationGap.of(a.series()).basis());
    JobAnalysis none = analyze(new JobData(null, List.of(), List.of(), results, "x"));
    assertTrue(Double.isNaN(none.generalisationGap()));
  }

  @Test
  void generalisationGapFromMinibatchValidation() {
    ResultTable results = csv("step,train_loss,valid_loss\n1,1.0,3.0\n2,2.0,\n3,3.0,2.0\n4,4.0,\n");
    JobAnalysis a = analyze(new JobData(null, List.of(), List.of(), results, "x"));
    double valid = Smoothing.ema(new double[] {3, 2}, 0.6)[1];
    double train = Smoothing.ema(new double[] {1, 2, 3, 4}, 0.6)[2];
    assertEquals(valid - train, a.generalisationGap(), EPS);
  }

  @Test
  void timestampsFromTheJobWinOverEvents() {
    dev.openaift.job.Job job = job("running", null);
    List<JobEvent> events =
        List.of(
            event("a", 90, "info", "Created fine-tuning job: ftjob-test"),
            metrics("b", 130, Map.of("step", 1L, "train_loss", 1.0)));
    JobAnalysis a = analyze(new JobData(job, events, List.of(), null, "x"));
    assertEquals(
        Map.of("created", 100L, "started", 130L),
        a.timestamps(),
        "started from the first metrics event");
    assertEquals(Map.of("queued", 30L), a.durations());
  }
}
