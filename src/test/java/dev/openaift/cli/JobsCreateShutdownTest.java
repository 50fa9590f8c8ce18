package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.sandbox.PlatformRules;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobs create} and the platform's end. Today is 2026-11-29 for the sandbox and the command;
 * the sandbox moves gpt-4.1 to 2026-12-10 (11 days away) and keeps gpt-4.1-nano's 2026-10-23
 * (passed).
 */
class JobsCreateShutdownTest {
  @TempDir Path tmp;

  private static LifecycleSandbox sandbox(PlatformRules rules) {
    return new LifecycleSandbox(
        SandboxConfig.defaults()
            .withStepDelayMs(5)
            .withSeed(1)
            .withClock(LifecycleSandbox.CLOCK)
            .withPlatform(rules));
  }

  private Path train() {
    return LifecycleSandbox.write(tmp.resolve("train.jsonl"), LifecycleSandbox.examples(12));
  }

  @Test
  void aBaseModelThatHasShutDownIsRefusedBeforeAnythingIsSent() {
    try (LifecycleSandbox sb = sandbox(PlatformRules.defaults())) {
      CliRun r =
          sb.run(
              "jobs",
              "create",
              "--model",
              "gpt-4.1-nano-2025-04-14",
              "--training-file",
              train().toString());
      assertEquals(2, r.code(), r.toString());
      assertTrue(
          r.err()
              .startsWith(
                  "openai-ft: --model gpt-4.1-nano-2025-04-14: gpt-4.1-nano-2025-04-14 shut down on"
                      + " 2026-10-23 (date from the models api)"),
          r.err());
      assertEquals(0, sb.fileCount(), "nothing uploaded");
      assertEquals(0, sb.jobCount(), "no job");
      // a fine-tune of it too, and a dry run (no key needed: the dated table knows the date)
      CliRun dry =
          sb.run(
              "jobs",
              "create",
              "--model",
              "ft:gpt-4.1-nano-2025-04-14:acme::x",
              "--training-file",
              train().toString(),
              "--dry-run",
              "--api-key",
              "sk-unused");
      assertEquals(2, dry.code(), dry.toString());
      assertTrue(dry.err().contains("shut down on 2026-10-23 (date from the resource)"), dry.err());
    }
  }

  @Test
  void withinThirtyDaysItWarnsAndGoesOn() throws Exception {
    PlatformRules rules =
        PlatformRules.defaults().withShutdownDate("gpt-4.1", LocalDate.parse("2026-12-10"));
    try (LifecycleSandbox sb = sandbox(rules)) {
      CliRun r =
          sb.run(
              "jobs",
              "create",
              "--model",
              "gpt-4.1-2025-04-14",
              "--training-file",
              train().toString());
      assertEquals(0, r.code(), r.toString());
      assertEquals(
          "openai-ft: warning: gpt-4.1-2025-04-14 shuts down on 2026-12-10 (11 days, date from the"
              + " models api): the model this job trains stops answering that day too.\n",
          r.err());
      assertEquals(1, sb.jobCount());

      // no API date for gpt-3.5: the user's table says 2026-12-20 (21 days), and new jobs stop
      // 2026-12-15 (16 days)
      Path dates = tmp.resolve("dates.json");
      Files.writeString(
          dates,
          "{\"as_of\":\"2026-11-28\",\"new_jobs_stop\":\"2026-12-15\","
              + "\"models\":{\"gpt-3.5-turbo-0125\":\"2026-12-20\"}}",
          StandardCharsets.UTF_8);
      CliRun t =
          sb.run(
              "jobs",
              "create",
              "--model",
              "gpt-3.5-turbo-0125",
              "--training-file",
              train().toString(),
              "--retirement-dates",
              dates.toString());
      assertEquals(0, t.code(), t.toString());
      assertTrue(
          t.err()
              .contains(
                  "gpt-3.5-turbo-0125 shuts down on 2026-12-20 (21 days, date from the resource)"),
          t.err());
      assertTrue(
          t.err()
              .contains("openai-ft: warning: new fine-tuning jobs stop on 2026-12-15 (16 days)."),
          t.err());

      CliRun far =
          sb.run(
              "jobs",
              "create",
              "--model",
              "gpt-4o-mini-2024-07-18",
              "--training-file",
              train().toString());
      assertEquals(0, far.code(), far.toString());
      assertFalse(far.err().contains("warning"), "46 days away: no warning: " + far.err());
    }
  }

  @Test
  void theServicesRefusalOfNewJobsIsOneClearLineWithExit4() {
    try (LifecycleSandbox sb =
        sandbox(PlatformRules.defaults().withNewJobsUntil(LocalDate.parse("2026-11-01")))) {
      CliRun r =
          sb.run(
              "jobs",
              "create",
              "--model",
              "gpt-4o-mini-2024-07-18",
              "--training-file",
              train().toString());
      assertEquals(4, r.code(), r.toString());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(
          r.err()
              .startsWith(
                  "openai-ft: the service no longer accepts new fine-tuning jobs (HTTP 403"
                      + " fine_tuning_unavailable: Fine-tuning job creation is no longer available:"
                      + " new jobs stopped on 2026-11-01."),
          r.err());
      assertTrue(r.err().contains("openai-ft inventory"), r.err());
      assertTrue(
          r.err().contains("uploaded before that, and kept"), "the upload is named: " + r.err());
      // the end of a long message is where the command to run is: never cut away
      assertTrue(
          r.err().strip().matches("(?s).*or delete: openai-ft files delete file-\\w+\\)$"),
          r.err());
      assertEquals(0, sb.jobCount());
    }
  }
}
