package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.FileInfo;
import dev.openaift.api.JobRequest;
import dev.openaift.job.Job;
import dev.openaift.record.Recordings;
import dev.openaift.sandbox.PlatformRules;
import dev.openaift.sandbox.SandboxConfig;
import dev.openaift.sandbox.SetClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval} of models that have shut down. The sandbox's models API moves gpt-4.1 to 2026-12-10
 * (the dated table says 2027-01-14: only the API's date says it has passed). Two gpt-4.1 fine-tunes
 * are trained and one is recorded on 2026-11-29; then the sandbox and the commands move to
 * 2026-12-20, when the sandbox answers 404 for both.
 */
class EvalShutDownModelTest {
  private static final SetClock CLOCK = new SetClock("2026-11-29T12:00:00Z");
  private static LifecycleSandbox sb;
  private static String recorded;
  private static String unrecorded;
  @TempDir static Path dir;
  private static Path reports;
  private static Path data;

  @BeforeAll
  static void trainTwoRecordOneThenLetThemShutDown() throws Exception {
    sb =
        new LifecycleSandbox(
            SandboxConfig.defaults()
                .withStepDelayMs(5)
                .withSeed(13)
                .withClock(CLOCK)
                .withPlatform(
                    PlatformRules.defaults()
                        .withShutdownDate("gpt-4.1", LocalDate.parse("2026-12-10"))));
    FileInfo f = sb.upload("train.jsonl", LifecycleSandbox.examples(10));
    recorded = sb.await(train(f, "rec"), Job::isTerminal).fineTunedModel();
    unrecorded = sb.await(train(f, "unrec"), Job::isTerminal).fineTunedModel();
    reports = dir.resolve("reports");
    data = LifecycleSandbox.write(dir.resolve("valid.jsonl"), LifecycleSandbox.examples(5));
    CliRun r =
        run("record", recorded, "--data", data.toString(), "--reports-dir", reports.toString());
    assertEquals(0, r.code(), r.toString());
    CLOCK.set("2026-12-20T12:00:00Z");
  }

  private static String train(FileInfo f, String suffix) {
    return sb.gateway
        .createJob(
            new JobRequest("gpt-4.1-2025-04-14", f.id(), null, suffix, 3L, Map.of("n_epochs", 1)))
        .id();
  }

  private static CliRun run(String... args) {
    return LifecycleSandbox.run(
        CliRun.context(sb.env()).withTime(CLOCK, d -> {}), UserInput.of(""), args);
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  @Test
  void aModelThatMustBeAskedAndHasShutDownIsRefusedBeforeAnythingIsSent() {
    long before = sb.sandbox.chatCompletionsAnswered();
    CliRun r =
        run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            recorded,
            "--model",
            unrecorded,
            "--reports-dir",
            reports.toString(),
            "--yes");
    assertEquals(2, r.code(), r.toString());
    assertEquals(
        "openai-ft: --model "
            + unrecorded
            + " shut down on 2026-12-10 (date from the models api): 5 of its answers are not"
            + " recorded and can no longer be asked; leave it out (a complete recording of it is"
            + " used as it is); nothing was sent\n",
        r.err());
    assertFalse(r.out().contains("In all:"), "not priced: " + r.out());
    assertEquals(before, sb.sandbox.chatCompletionsAnswered(), "nothing asked");
    assertFalse(
        Files.exists(reports.resolve(Recordings.FOLDER).resolve(Recordings.folderOf(unrecorded))),
        "no recording begun");
  }

  @Test
  void theRecordingOfAModelThatHasShutDownIsEvaluatedAsItIs() {
    long before = sb.sandbox.chatCompletionsAnswered();
    CliRun r =
        run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            recorded,
            "--reports-dir",
            reports.toString(),
            "--yes");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("Wrote "), r.out());
    assertEquals(before, sb.sandbox.chatCompletionsAnswered(), "answers read from the recording");
  }
}
