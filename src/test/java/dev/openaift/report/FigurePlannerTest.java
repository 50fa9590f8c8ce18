package dev.openaift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.job.JobEvent;
import dev.openaift.metrics.JobAnalysis;
import dev.openaift.metrics.MetricSeries;
import dev.openaift.metrics.MetricSeries.Kind;
import dev.openaift.plot.Figure;
import dev.openaift.plot.Palette;
import dev.openaift.plot.Style;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FigurePlannerTest {

  /**
   * A legacy job: training loss, sparse sequence accuracies, elapsed counters, classification
   * metrics.
   */
  static JobAnalysis legacy() {
    int n = 120;
    long[] steps = new long[n];
    double[] loss = new double[n];
    double[] seqAcc = new double[n];
    double[] tokens = new double[n];
    double[] examples = new double[n];
    for (int i = 0; i < n; i++) {
      steps[i] = i + 1;
      loss[i] = 1.5 - i * 0.01;
      seqAcc[i] = 0.2 + i * 0.005;
      tokens[i] = 512.0 * (i + 1);
      examples[i] = 8.0 * (i + 1);
    }
    long[] sparse = {8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120};
    double[] sparseValues = new double[sparse.length];
    for (int i = 0; i < sparse.length; i++) {
      sparseValues[i] = 0.3 + i * 0.01;
    }
    long[] epochEnds = {60, 120};
    List<MetricSeries> series =
        new ArrayList<>(
            List.of(
                TestAnalyses.series("train_loss", Kind.TRAIN, steps, loss, false),
                TestAnalyses.series(
                    "classification/accuracy",
                    Kind.CLASSIFICATION,
                    epochEnds,
                    new double[] {0.7, 0.8},
                    false),
                TestAnalyses.series(
                    "classification/f1.0",
                    Kind.CLASSIFICATION,
                    epochEnds,
                    new double[] {0.6, 0.75},
                    false),
                TestAnalyses.series("elapsed_examples", Kind.EXTRA, steps, examples, false),
                TestAnalyses.series("elapsed_tokens", Kind.EXTRA, steps, tokens, false),
                TestAnalyses.series("training_sequence_accuracy", Kind.EXTRA, steps, seqAcc, false),
                TestAnalyses.series(
                    "validation_sequence_accuracy", Kind.EXTRA, sparse, sparseValues, false)));
    Map<String, dev.openaift.metrics.MetricStats> stats = new TreeMap<>();
    series.forEach(s -> stats.put(s.name(), TestAnalyses.stats(s)));
    return new JobAnalysis(
        "ft-legacy",
        null,
        "legacy",
        n,
        n,
        series,
        stats,
        0.6,
        10,
        List.of(60L, 120L),
        "elapsed_examples",
        List.of(),
        null,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Map.of(),
        Map.of(),
        Double.NaN,
        Map.of(),
        null);
  }

  @Test
  void legacyJobsGetClassificationAndExtraFamilies() {
    List<FigurePlan> plans = FigurePlanner.plan(legacy());
    assertEquals(
        List.of("loss", "classification", "extra-accuracy", "extra-examples", "extra-tokens"),
        plans.stream().map(FigurePlan::id).toList());
    FigurePlan classification = plans.get(1);
    assertEquals(
        List.of("classification/accuracy", "classification/f1.0"),
        classification.layers().stream().map(FigurePlan.Layer::metric).toList());
    assertTrue(classification.layers().stream().allMatch(l -> l.style() == Style.MARKERS));
    FigurePlan accuracies = plans.get(2);
    assertEquals("Other metrics: *_accuracy", accuracies.title());
    List<String> drawn =
        accuracies.layers().stream().map(l -> l.style() + " " + l.metric()).toList();
    assertEquals(
        List.of(
            "RAW_LINE training_sequence_accuracy",
            "RAW_POINTS validation_sequence_accuracy",
            "SMOOTH_LINE training_sequence_accuracy",
            "SMOOTH_LINE validation_sequence_accuracy"),
        drawn,
        "dense extras as faint lines, sparse ones as points; smoothed lines on top");
    assertEquals(List.of(60L, 120L), accuracies.epochEnds());
  }

  @Test
  void lossFigureFollowsTheContract() {
    JobAnalysis a = TestAnalyses.sample();
    FigurePlan loss = FigurePlanner.plan(a).get(0);
    List<String> drawn =
        loss.layers().stream()
            .map(l -> l.style() + " " + (l.literal() ? l.label() : l.metric()))
            .toList();
    assertEquals(
        List.of(
            "BAND valid_loss",
            "RAW_LINE train_loss",
            "RAW_POINTS valid_loss",
            "SMOOTH_LINE train_loss",
            "SMOOTH_LINE valid_loss",
            "CHECKPOINTS Checkpoints",
            "HIGHLIGHT Best checkpoint (step 200)",
            "MARKERS full_valid_loss"),
        drawn,
        "checkpoints under the full-validation points they usually sit on");
    Figure f = loss.toFigure(a, new StepAxis());
    assertEquals(List.of(100.0, 200.0, 300.0), f.verticalLines());
    assertEquals(Palette.TRAIN, f.traces().get(1).color());
    assertEquals(Palette.VALIDATION, f.traces().get(0).color());
    MetricSeries valid = a.series("valid_loss");
    double[] upper = f.traces().get(0).upper();
    assertEquals(valid.rollingMean()[5] + valid.rollingStd()[5], upper[5], 1e-12);
    assertEquals(
        300, f.traces().get(1).size(), "figures get the full series; the renderer downsamples");
  }

  @Test
  void hugeEventLogsListMessagesAndSayWhatWasLeftOut() {
    List<JobEvent> events = new ArrayList<>();
    events.add(new JobEvent("e-start", 1, "info", "started", "message", null));
    for (int i = 0; i < ReportViewBuilder.EVENT_LIMIT + 10; i++) {
      events.add(new JobEvent("e-" + i, 2 + i, "info", "Step " + i, "metrics", Map.of("step", i)));
    }
    events.add(new JobEvent("e-warn", 1_000_000, "warn", "late warning", "message", null));
    ReportView.EventLog log = ReportViewBuilder.eventLog(events);
    assertEquals(
        List.of("started", "late warning"),
        log.all().stream().map(ReportView.EventOut::message).toList());
    assertEquals(1, log.flagged().size());
    assertEquals("5,012", log.total());
    assertTrue(log.note().startsWith("5,010 per-step metrics events are not listed"), log.note());
    assertNull(ReportViewBuilder.eventLog(events.subList(0, 10)).note());
  }
}
