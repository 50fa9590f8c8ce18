package dev.openaift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.metrics.AnalysisOptions;
import dev.openaift.metrics.Analyzer;
import dev.openaift.metrics.JobAnalysis;
import dev.openaift.metrics.JobInputs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports of DPO and reinforcement jobs (fixtures recorded from the sandbox) and of a job never
 * trained.
 */
class MethodReportsTest {

  static JobAnalysis fixture(String name) throws Exception {
    Path dir = Path.of(MethodReportsTest.class.getResource("/fixtures/jobs/" + name).toURI());
    return Analyzer.analyze(JobInputs.fromDirectory(dir), AnalysisOptions.DEFAULTS);
  }

  static Map<String, String> facts(Element dl) {
    Map<String, String> out = new HashMap<>();
    List<Element> dts = dl.select("dt");
    List<Element> dds = dl.select("dd");
    for (int i = 0; i < dts.size(); i++) {
      out.put(dts.get(i).text(), dds.get(i).text());
    }
    return out;
  }

  static Document html(JobAnalysis a) {
    Map<String, byte[]> files =
        ReportRenderer.render(a, ReportOptions.of(EnumSet.of(ReportFormat.HTML), null, false));
    return Jsoup.parse(new String(files.get(ReportRenderer.HTML_FILE), StandardCharsets.UTF_8));
  }

  @Test
  void reinforcementMetricsAreGroupedRewardsTogetherTimingApart() throws Exception {
    JobAnalysis a = fixture("reinforcement");
    Map<String, FigurePlan> plans = new HashMap<>();
    FigurePlanner.plan(a).forEach(p -> plans.put(p.id(), p));
    assertEquals(
        List.of("extra-rewards", "extra-errors", "extra-usage", "extra-timing"),
        FigurePlanner.plan(a).stream().map(FigurePlan::id).toList(),
        "no loss or accuracy: the job has none");
    List<String> rewards = metrics(plans.get("extra-rewards"));
    assertTrue(
        rewards.containsAll(
            List.of(
                "train_mean_reward",
                "full_valid_mean_reward",
                "scores.train_reward_mean",
                "scores.valid_reward_mean",
                "scores.graders.exact.train_reward_mean")),
        rewards.toString());
    assertTrue(rewards.stream().allMatch(m -> m.contains("reward")), rewards.toString());
    List<String> timing = metrics(plans.get("extra-timing"));
    assertTrue(
        timing.containsAll(List.of("timing.sampling_seconds", "timing.graders.exact.seconds")),
        timing.toString());
    assertTrue(timing.stream().noneMatch(m -> m.contains("reward")), timing.toString());
    assertTrue(metrics(plans.get("extra-errors")).contains("errors.graders.exact.error_mean"));
    assertEquals("Step timing", plans.get("extra-timing").title());

    Document doc = html(a);
    Map<String, String> facts = facts(doc.selectFirst("header.title-block dl.facts"));
    assertEquals("reinforcement (rewarded by graders)", facts.get("Method"));
    Map<String, String> hyper = facts(doc.select("header.title-block dl.facts").get(1));
    assertEquals("low", hyper.get("reasoning_effort (reinforcement only)"));
    assertEquals("2", hyper.get("eval_interval (reinforcement only)"));
    assertEquals("2", hyper.get("n_epochs"), "shared hyperparameters carry no method");
  }

  @Test
  void dpoReportNamesTheMethodAndBetaAndPlotsPreferenceStatistics() throws Exception {
    JobAnalysis a = fixture("dpo");
    List<String> ids = FigurePlanner.plan(a).stream().map(FigurePlan::id).toList();
    assertEquals(List.of("loss", "accuracy", "extra-rewards", "extra-preference-accuracy"), ids);
    Document doc = html(a);
    assertEquals(
        "DPO (direct preference optimization)",
        facts(doc.selectFirst("header.title-block dl.facts")).get("Method"));
    assertEquals(
        "0.25", facts(doc.select("header.title-block dl.facts").get(1)).get("beta (dpo only)"));
  }

  @Test
  void aJobNeverTrainedStillGetsAReportWithItsEventsAndTheReason(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve("job.json"),
        "{\"id\":\"ftjob-bad\",\"object\":\"fine_tuning.job\",\"status\":\"failed\","
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"created_at\":1764400000,\"finished_at\":1764400003,"
            + "\"training_file\":\"file-x\",\"result_files\":[],\"error\":{\"code\":\"invalid_training_file\",\"message\":\"The"
            + " job failed due to an invalid training file: line 1 has no assistant message.\","
            + "\"param\":\"training_file\"}}");
    Files.writeString(
        dir.resolve("events.jsonl"),
        "{\"id\":\"ftevent-1\",\"object\":\"fine_tuning.job.event\",\"created_at\":1764400000,\"level\":\"info\",\"message\":\"Validating"
            + " training file: file-x\",\"type\":\"message\",\"data\":{}}\n"
            + "{\"id\":\"ftevent-2\",\"object\":\"fine_tuning.job.event\",\"created_at\":1764400003,\"level\":\"error\",\"message\":\"The"
            + " job failed due to an invalid training file.\",\"type\":\"message\",\"data\":{}}\n");
    JobAnalysis a = Analyzer.analyze(JobInputs.fromDirectory(dir), AnalysisOptions.DEFAULTS);
    assertEquals(
        List.of("job_failed", "event_errors"), a.findings().stream().map(f -> f.code()).toList());
    assertTrue(
        a.findings().get(0).text().contains("line 1 has no assistant message"),
        a.findings().get(0).text());
    Document doc = html(a);
    String text = doc.text();
    assertTrue(text.contains("Validating training file: file-x"), "the events are in the report");
    assertTrue(text.contains("invalid_training_file"), "the reason is in the report");
    assertFalse(
        text.contains("overfitting cannot be judged"),
        "no validation advice for a job that never trained");
  }

  private static List<String> metrics(FigurePlan p) {
    return p.layers().stream()
        .map(FigurePlan.Layer::metric)
        .filter(m -> m != null)
        .distinct()
        .toList();
  }
}
