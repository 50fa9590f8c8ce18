package dev.openaift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.job.Checkpoint;
import dev.openaift.job.JobEvent;
import dev.openaift.metrics.AnalysisOptions;
import dev.openaift.metrics.Analyzer;
import dev.openaift.metrics.JobAnalysis;
import dev.openaift.metrics.JobData;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints whose own metrics lack {@code full_valid_loss} while the metrics events carry it at
 * their steps: the best checkpoint is chosen by the events' value, and the page and the loss figure
 * must show that value, as {@code summary.json} does.
 */
class BestCheckpointNumbersTest {

  private static JobAnalysis analysis() {
    List<JobEvent> events = new ArrayList<>();
    double[] full = {0.5, 0.4, 0.45};
    for (int k = 1; k <= 3; k++) {
      long step = 10L * k;
      Map<String, Object> data =
          new TreeMap<>(
              Map.of(
                  "step",
                  step,
                  "total_steps",
                  30L,
                  "train_loss",
                  1.0 - 0.1 * k,
                  "valid_loss",
                  0.9,
                  "full_valid_loss",
                  full[k - 1]));
      events.add(new JobEvent("ev" + k, 100 + k, "info", "Step " + step + "/30", "metrics", data));
    }
    List<Checkpoint> checkpoints = new ArrayList<>();
    for (int k = 1; k <= 3; k++) {
      long step = 10L * k;
      checkpoints.add(
          new Checkpoint(
              "ftckpt_" + k,
              100 + k,
              "ft:m:ckpt-step-" + step,
              "ftjob-b",
              step,
              Map.of("train_loss", 1.0 - 0.1 * k, "valid_loss", 0.9)));
    }
    return Analyzer.analyze(
        new JobData(null, events, checkpoints, null, "b"), AnalysisOptions.DEFAULTS);
  }

  @Test
  void theBestCheckpointIsShownWithTheFullValidationLossThatMadeItBest() {
    JobAnalysis a = analysis();
    assertEquals(20, a.bestCheckpoint().stepNumber());
    assertEquals(0.4, Analyzer.fullValidLossOf(a.bestCheckpoint(), a));
    Document html =
        HtmlReportTest.parse(
            ReportRenderer.render(a, ReportOptions.of(EnumSet.of(ReportFormat.HTML), null, false))
                .get(ReportRenderer.HTML_FILE));
    String text = html.text();
    assertTrue(text.contains("Best checkpoint step 20, full valid loss 0.4000"), text);
  }

  @Test
  void checkpointMarkersSitAtTheFullValidationLossOfTheirStep() {
    JobAnalysis a = analysis();
    assertEquals(0.5, FigurePlanner.checkpointLoss(a.checkpoints().get(0), a));
    assertEquals(0.4, FigurePlanner.checkpointLoss(a.checkpoints().get(1), a));
    assertEquals(0.45, FigurePlanner.checkpointLoss(a.checkpoints().get(2), a));
  }
}
