package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.Await;
import dev.openaift.TestClocks;
import dev.openaift.api.Sleeper;
import dev.openaift.follow.FakeTime;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FollowCommandTest {
  @TempDir Path tmp;

  private Path reports() {
    return tmp.resolve("reports");
  }

  private static List<String> fileIds(Path eventsFile) throws Exception {
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(eventsFile, StandardCharsets.UTF_8)) {
      int i = line.indexOf("\"id\":\"");
      ids.add(line.substring(i + 6, line.indexOf('"', i + 6)));
    }
    return ids;
  }

  private static void assertNoDuplicates(List<String> items) {
    Set<String> seen = new HashSet<>();
    for (String s : items) {
      assertTrue(seen.add(s), "printed twice: " + s);
    }
  }

  private String[] args(String cmd, String id) {
    return cmd.equals("events")
        ? new String[] {cmd, id}
        : new String[] {cmd, id, "--reports-dir", reports().toString()};
  }

  @Test
  void followsALiveJobToTheEndPrintingEveryEventOnceOldestFirst() throws Exception {
    try (LiveSandbox sb =
        LiveSandbox.manual(SandboxConfig.defaults().withStepDelayMs(10).withSeed(3), 20)) {
      String id = sb.createJob(10, Map.of());
      CliRun r = sb.run("follow", id, "--reports-dir", reports().toString(), "--poll", "0.05");
      assertEquals(0, r.code(), r.err());
      List<JobEvent> all = sb.allEvents(id);
      assertTrue(all.size() > 100, "events: " + all.size());
      assertEquals(LiveSandbox.lines(all), r.eventLines());
      assertTrue(r.out().contains("Job complete! Status: succeeded"), r.out());
      Job job = sb.gateway.getJob(id);
      assertTrue(r.out().contains("Fine-tuned model: " + job.fineTunedModel()), r.out());
      assertTrue(r.out().contains("openai-ft chat " + job.fineTunedModel()), r.out());
      assertFalse(r.out().contains("\r"), "no progress line when not a terminal");
      assertEquals(
          all.stream().map(JobEvent::id).toList(),
          fileIds(reports().resolve(id).resolve("events.jsonl")));
      assertEquals("", r.err());
    }
  }

  /** Ctrl-C as the test presses it: {@code ctrlC} holds the command's action while registered. */
  private static Interrupts pressable(AtomicReference<Runnable> ctrlC) {
    return action -> {
      ctrlC.set(action);
      return () -> ctrlC.set(null);
    };
  }

  @Test
  void followsAStepperJobWithTheContextsTimeAndNoRealWaiting() throws Exception {
    try (LiveSandbox sb = LiveSandbox.manual(SandboxConfig.defaults().withSeed(3), 1)) {
      String id = sb.createJob(10, Map.of("n_epochs", 3));
      FakeTime time = TestClocks.fakeToday();
      // the default poll interval (2 s) in real time would take minutes: here it moves the clock
      CliRun r =
          CliRun.run(
              sb.context().withTime(time, time),
              "follow",
              id,
              "--reports-dir",
              reports().toString());
      assertEquals(0, r.code(), r.err());
      assertEquals(LiveSandbox.lines(sb.allEvents(id)), r.eventLines());
      assertFalse(time.sleeps.isEmpty(), "the follow loop waited with the context's sleeper");
      assertTrue(time.sleeps.contains(Duration.ofSeconds(2)), "default poll: " + time.sleeps);
    }
  }

  @Test
  void ctrlCDuringAnInjectedWaitEndsTheFollowAndEveryLaterWait() throws Exception {
    try (LiveSandbox sb = LiveSandbox.manual(SandboxConfig.defaults().withSeed(4), 1)) {
      String id = sb.createJob(10, Map.of("n_epochs", 5));
      FakeTime time = TestClocks.fakeToday();
      AtomicReference<Runnable> ctrlC = new AtomicReference<>();
      int pressedAt = 3;
      Sleeper pressesCtrlCInTheThirdWait =
          d -> {
            time.sleep(d);
            if (time.sleeps.size() == pressedAt) {
              ctrlC.get().run();
            }
          };
      CliContext ctx =
          sb.context().withInterrupts(pressable(ctrlC)).withTime(time, pressesCtrlCInTheThirdWait);
      CliRun r = CliRun.run(ctx, "follow", id, "--reports-dir", reports().toString());
      assertEquals(130, r.code(), r.err());
      assertTrue(r.out().contains("Resume: openai-ft follow " + id), r.out());
      assertEquals(pressedAt, time.sleeps.size(), "no wait after Ctrl-C: " + time.sleeps);
      assertFalse(sb.gateway.getJob(id).isTerminal(), "the job was left alone");
    }
  }

  @Test
  void everyEventExactlyOnceUnderFaults() throws Exception {
    SandboxConfig cfg =
        SandboxConfig.defaults()
            .withStepDelayMs(15)
            .withSeed(11)
            .withFaultRate(0.3)
            .withSlowFaultMs(30);
    try (LiveSandbox sb = LiveSandbox.manual(cfg, 5)) {
      String id = sb.createJob(10, Map.of("n_epochs", 20));
      CliRun r = sb.run("follow", id, "--reports-dir", reports().toString(), "--poll", "0.05");
      assertEquals(0, r.code(), r.err());
      List<JobEvent> all = sb.allEvents(id);
      assertEquals(LiveSandbox.lines(all), r.eventLines());
      assertEquals(
          all.stream().map(JobEvent::id).toList(),
          fileIds(reports().resolve(id).resolve("events.jsonl")));
      assertTrue(sb.sandbox.faultStats().totalFaults() >= 3, "faults: " + sb.sandbox.faultStats());
    }
  }

  @Test
  void resumesAfterAnInterruptWithoutDuplicates() throws Exception {
    try (LiveSandbox sb =
        LiveSandbox.manual(SandboxConfig.defaults().withStepDelayMs(25).withSeed(5), 2)) {
      String id = sb.createJob(10, Map.of("n_epochs", 15));
      Path events = reports().resolve(id).resolve("events.jsonl");
      AtomicReference<Runnable> ctrlC = new AtomicReference<>();
      CliContext ctx = sb.context().withInterrupts(pressable(ctrlC));
      AtomicReference<CliRun> first = new AtomicReference<>();
      Thread t =
          new Thread(
              () ->
                  first.set(
                      CliRun.run(
                          ctx,
                          "follow",
                          id,
                          "--reports-dir",
                          reports().toString(),
                          "--poll",
                          "0.05")));
      t.start();
      Await.until(
          "30 events on file and Ctrl-C handled",
          Duration.ofSeconds(30),
          () ->
              Files.exists(events)
                  && Files.readAllLines(events).size() >= 30
                  && ctrlC.get() != null);
      ctrlC.get().run();
      t.join(30_000);
      assertFalse(t.isAlive(), "follow still runs 30 s after Ctrl-C");
      CliRun r1 = first.get();
      assertEquals(130, r1.code(), r1.err());
      assertTrue(r1.out().contains("Resume: openai-ft follow " + id), r1.out());
      assertTrue(r1.out().contains("Cancel: openai-ft jobs cancel " + id), r1.out());
      Job midway = sb.gateway.getJob(id);
      assertFalse(
          midway.isTerminal() && !"succeeded".equals(midway.status()), "the job was left alone");
      assertNoDuplicates(r1.eventLines());
      int stored = fileIds(events).size();
      assertEquals(r1.eventLines().size(), stored);

      // A kill in the middle of a write leaves half a line: the next run cuts it off.
      Files.writeString(
          events, "{\"id\":\"ftevent-half\",\"created_at\":17", StandardOpenOption.APPEND);

      CliRun r2 = sb.run("follow", id, "--reports-dir", reports().toString(), "--poll", "0.05");
      assertEquals(0, r2.code(), r2.err());
      List<JobEvent> all = sb.allEvents(id);
      assertEquals(
          LiveSandbox.lines(all), r2.eventLines(), "history from the file, then the new events");
      assertEquals(all.stream().map(JobEvent::id).toList(), fileIds(events));
      assertTrue(stored < all.size(), "interrupted midway: " + stored + " of " + all.size());
    }
  }

  @Test
  void backlogOfFiveThousandEvents() throws Exception {
    try (LiveSandbox sb =
        LiveSandbox.manual(SandboxConfig.defaults().withStepDelayMs(1).withSeed(9), 0)) {
      String id = sb.createJob(100, Map.of("n_epochs", 50, "batch_size", 1));
      sb.sandbox.advanceUntil(id, "succeeded");
      CliRun r = sb.run("follow", id, "--reports-dir", reports().toString(), "--poll", "0.05");
      assertEquals(0, r.code(), r.err());
      List<String> lines = r.eventLines();
      assertTrue(lines.size() > 5000, "events: " + lines.size());
      assertEquals(LiveSandbox.lines(sb.allEvents(id)), lines);
      // every step once, in order (one pass: the old check filtered all lines once per step)
      List<Integer> steps = new ArrayList<>();
      for (String l : lines) {
        int at = l.indexOf("] Step ");
        if (at >= 0 && l.indexOf("/5000:", at) > 0) {
          steps.add(Integer.parseInt(l.substring(at + 7, l.indexOf('/', at))));
        }
      }
      assertEquals(IntStream.rangeClosed(1, 5000).boxed().toList(), steps);
      // A second run prints the history from the file and asks the API only for the newest page.
      long before = sb.sandbox.faultStats().requests();
      CliRun again = sb.run("follow", id, "--reports-dir", reports().toString(), "--poll", "0.05");
      assertEquals(lines, again.eventLines());
      assertTrue(
          sb.sandbox.faultStats().requests() - before <= 5,
          "requests: " + (sb.sandbox.faultStats().requests() - before));
    }
  }

  @Test
  void failedJobExitsThree() throws Exception {
    try (LiveSandbox sb = LiveSandbox.manual(SandboxConfig.defaults().withStepDelayMs(10), 1)) {
      var bad =
          sb.gateway.uploadFile(
              "bad.jsonl", "this is not json\n".repeat(12).getBytes(StandardCharsets.UTF_8));
      String id =
          sb.gateway
              .createJob(dev.openaift.api.JobRequest.of("gpt-4o-mini-2024-07-18", bad.id()))
              .id();
      CliRun r =
          sb.run("follow", id, "--reports-dir", reports().toString(), "--poll", "0.05", "--report");
      assertEquals(3, r.code(), r.out() + r.err());
      assertTrue(r.out().contains("Job failed: Invalid training file"), r.out());
      assertTrue(
          Files.exists(reports().resolve(id).resolve("index.html")),
          "the report of a failed job is written too");
    }
  }

  @Test
  void interimReportsWhileRunningThenCancelledExitsThree() throws Exception {
    try (LiveSandbox sb = LiveSandbox.manual(SandboxConfig.defaults().withStepDelayMs(10), 1)) {
      String id = sb.createJob(10, Map.of("n_epochs", 40));
      sb.sandbox.advanceUntil(id, "running");
      sb.sandbox.step(10);
      sb.gateway.pause(id);
      Path page = reports().resolve(id).resolve("index.html");
      Path index = reports().resolve("index.html");
      AtomicReference<CliRun> run = new AtomicReference<>();
      Thread t =
          new Thread(
              () ->
                  run.set(
                      sb.run(
                          "follow",
                          id,
                          "--reports-dir",
                          reports().toString(),
                          "--poll",
                          "0.05",
                          "--report-every",
                          "0.2")));
      t.start();
      Await.until(
          "an interim report and the archive index",
          Duration.ofSeconds(30),
          () -> Files.exists(page) && Files.exists(index));
      String html = Files.readString(page);
      assertTrue(html.contains("Still running"), "interim report says the job runs");
      assertTrue(Files.readString(index).contains(id));
      sb.gateway.cancel(id);
      t.join(60_000);
      assertFalse(t.isAlive(), "follow still runs 60 s after the job was cancelled");
      assertEquals(3, run.get().code(), run.get().err());
      assertTrue(run.get().out().contains("Job cancelled."), run.get().out());
      assertFalse(Files.readString(page).contains("Still running"), "final report");
    }
  }

  @Test
  void progressLineOnlyOnTerminals() throws Exception {
    try (LiveSandbox sb = LiveSandbox.manual(SandboxConfig.defaults().withStepDelayMs(5), 20)) {
      String id = sb.createJob(10, Map.of());
      CliRun r =
          CliRun.run(
              sb.context().withTerminal(true),
              "follow",
              id,
              "--reports-dir",
              reports().toString(),
              "--poll",
              "0.05");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("\r"), "progress line drawn");
      // --poll: a job that ended moments ago is read again one poll interval later (2 s by default)
      CliRun plain =
          CliRun.run(
              sb.context().withTerminal(true),
              "follow",
              id,
              "--reports-dir",
              reports().toString(),
              "--no-progress",
              "--poll",
              "0.05");
      assertFalse(plain.out().contains("\r"));
      CliRun json =
          CliRun.run(
              sb.context().withTerminal(true),
              "follow",
              id,
              "--reports-dir",
              reports().toString(),
              "--json",
              "--poll",
              "0.05");
      assertEquals(0, json.code());
      for (String line : json.out().split("\n")) {
        assertTrue(line.startsWith("{\"created_at\":"), line);
      }
      assertTrue(json.err().contains("Job complete!"), "outcome on stderr with --json");
    }
  }

  @Test
  void missingKeyExitsTwoBeforeAnyRequest() {
    try (LiveSandbox sb = new LiveSandbox(SandboxConfig.defaults())) {
      CliContext noKey =
          sb.context().withEnv(Map.of("OPENAI_BASE_URL", sb.sandbox.baseUrl().toString()));
      for (String[] args :
          List.of(
              new String[] {"follow", "ftjob-abc", "--reports-dir", reports().toString()},
              new String[] {"events", "ftjob-abc"},
              new String[] {"report", "ftjob-abc", "--reports-dir", reports().toString()})) {
        CliRun r = CliRun.run(noKey, args);
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("no API key"), r.err());
      }
      assertEquals(0, sb.sandbox.faultStats().requests());
      assertFalse(Files.exists(reports()));
    }
  }

  @Test
  void wrongKeyExitsFourWithoutShowingIt() {
    try (LiveSandbox sb = new LiveSandbox(SandboxConfig.defaults())) {
      String wrong = "sk-wrong-key-0123456789";
      CliContext ctx =
          sb.context()
              .withEnv(
                  Map.of(
                      "OPENAI_API_KEY", wrong, "OPENAI_BASE_URL", sb.sandbox.baseUrl().toString()));
      for (String cmd : List.of("follow", "events", "report")) {
        CliRun r = CliRun.run(ctx, args(cmd, "ftjob-abc"));
        assertEquals(4, r.code(), r.err());
        assertTrue(r.err().startsWith("openai-ft: the API rejected the key (401"), r.err());
        assertFalse(r.err().contains(wrong) || r.out().contains(wrong));
        assertFalse(r.err().contains("0123456789"));
      }
    }
  }

  @Test
  void unknownJobExitsFourNamingItAndWritesNothing() {
    try (LiveSandbox sb = new LiveSandbox(SandboxConfig.defaults())) {
      for (String cmd : List.of("follow", "events", "report")) {
        CliRun r = sb.run(args(cmd, "ftjob-nosuchjob"));
        assertEquals(4, r.code(), cmd + ": " + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("ftjob-nosuchjob"), r.err());
      }
      assertFalse(Files.exists(reports()), "nothing written for an unknown job");
    }
  }

  @Test
  void badOptionValuesAreUsageErrorsBeforeAnyRequest() {
    try (LiveSandbox sb = new LiveSandbox(SandboxConfig.defaults())) {
      for (String[] args :
          List.of(
              new String[] {"follow", "ftjob-a", "--poll", "0"},
              new String[] {"follow", "ftjob-a", "--report-every", "-1"},
              new String[] {"follow", "ftjob-a", "--poll", "soon"},
              new String[] {"events", "ftjob-a", "--limit", "3", "--follow"},
              new String[] {"demo", "--step-delay-ms", "0"})) {
        CliRun r = sb.run(args);
        assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
        assertTrue(r.err().startsWith("openai-ft: "), r.err());
      }
      assertEquals(0, sb.sandbox.faultStats().requests());
    }
  }

  @Test
  void pathTraversalIdsAreRefusedAndNothingIsWritten() throws Exception {
    try (LiveSandbox sb = new LiveSandbox(SandboxConfig.defaults())) {
      Path archive = tmp.resolve("a").resolve("reports");
      for (String id : List.of("../../etc-openai-ft", "a/b", "..", ".hidden", "x\\y", "/abs")) {
        for (String cmd : List.of("follow", "events", "report")) {
          if (cmd.equals("report") && id.equals("..")) {
            continue; // an existing folder: report builds the report of the files in it
          }
          CliRun r =
              sb.run(
                  cmd.equals("events")
                      ? new String[] {cmd, id}
                      : new String[] {cmd, id, "--reports-dir", archive.toString()});
          if (cmd.equals("report") && LocalTargets.looksLikePath(id)) {
            // report takes folders and files too: what is written as a path (a slash, a leading
            // dot) is one that is missing
            assertEquals(5, r.code(), cmd + " " + id + ": " + r.err());
            assertTrue(r.err().contains("no such file or directory"), r.err());
            continue;
          }
          assertEquals(2, r.code(), cmd + " " + id + ": " + r.err());
          assertTrue(r.err().contains("not a valid job id"), r.err());
        }
      }
      assertEquals(0, sb.sandbox.faultStats().requests());
      try (Stream<Path> s = Files.walk(tmp)) {
        assertEquals(List.of(tmp), s.toList(), "nothing written");
      }
    }
  }
}
