package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.Await;
import dev.openaift.job.Job;
import dev.openaift.record.ChatData;
import dev.openaift.record.RecordedAnswer;
import dev.openaift.record.Recording;
import dev.openaift.record.Recordings;
import dev.openaift.sandbox.SandboxConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code openai-ft record} against the sandbox, requests counted on the sandbox's side. */
class RecordCommandTest {
  private static LifecycleSandbox sb;
  private static String fineTuned;
  private static String checkpoint;

  @TempDir Path tmp;

  @BeforeAll
  static void trainAModel() {
    sb = new LifecycleSandbox();
    String jobId = sb.startJob(12, Map.of("n_epochs", 3));
    Job job = sb.await(jobId, Job::isTerminal);
    assertEquals("succeeded", job.status());
    fineTuned = job.fineTunedModel();
    checkpoint = sb.gateway.listCheckpoints(jobId).get(0).fineTunedModelCheckpoint();
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  private Path data() {
    return LifecycleSandbox.write(tmp.resolve("train.jsonl"), LifecycleSandbox.examples(12));
  }

  private long requests() {
    return sb.sandbox.faultStats().requests();
  }

  private CliRun record(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("record"));
    all.addAll(List.of(args));
    all.addAll(List.of("--reports-dir", tmp.resolve("reports").toString()));
    return sb.run(all.toArray(String[]::new));
  }

  private Recording recording(String model, Path data) {
    return Recording.read(
        Recordings.dir(tmp.resolve("reports"), sb.endpoint(), model, ChatData.read(data).sha256()));
  }

  @Test
  void recordsEachExampleOnceAndAResumeAsksOnlyWhatIsMissing() throws IOException {
    Path data = data();
    long before = requests();
    CliRun first =
        record(fineTuned, "--data", data.toString(), "--limit", "5", "--temperature", "0");
    assertEquals(0, first.code(), first.toString());
    assertEquals(5, requests() - before);
    assertTrue(first.out().contains("5 requests to ask: about "), first.out());
    assertTrue(
        first.out().contains("Recorded 5 answers; 5 of 5 examples are recorded"), first.out());

    long middle = requests();
    CliRun rest = record(fineTuned, "--data", data.toString(), "--temperature", "0");
    assertEquals(0, rest.code(), rest.toString());
    assertEquals(7, requests() - middle, "only the 7 missing examples were asked");
    assertTrue(rest.out().contains("7 requests to ask (5 recorded before)"), rest.out());

    long after = requests();
    CliRun again = record(fineTuned, "--data", data.toString(), "--temperature", "0");
    assertEquals(0, again.code(), again.toString());
    assertEquals(0, requests() - after);
    assertTrue(again.out().contains("Nothing to ask"), again.out());

    Recording r = recording(fineTuned, data);
    assertEquals(12, r.answers().size());
    assertEquals(12, Files.readAllLines(r.dir().resolve(Recordings.ANSWERS)).size());
    ChatData d = ChatData.read(data);
    for (RecordedAnswer a : r.answers()) {
      assertEquals(
          d.examples().get(a.index()).expected(),
          a.answer(),
          "a fine-tuned model repeats its training answers");
      assertEquals(fineTuned, a.request().model());
      assertEquals(0.0, a.request().temperature());
      assertEquals("stop", a.finishReason());
      assertTrue(a.promptTokens() > 0 && a.completionTokens() > 0 && a.totalTokens() > 0);
      assertTrue(a.systemFingerprint().startsWith("fp_"));
      assertTrue(a.responseId().startsWith("chatcmpl-"));
      assertEquals(fineTuned, a.answeredBy());
    }
    assertEquals(fineTuned, r.header().model());
    assertEquals(Recordings.folderOf(fineTuned), r.dir().getParent().getFileName().toString());
    assertFalse(r.dir().getParent().getFileName().toString().contains(":"));
  }

  @Test
  void aPromptSetWithoutAnswersIsRecordedAndServesAsTheReferenceOfAnEvaluation()
      throws IOException {
    // what `generate --prompts-only` writes: the prompts without assistant messages
    StringBuilder prompts = new StringBuilder();
    for (String line : LifecycleSandbox.examples(12).split("\\R")) {
      prompts
          .append(line.replaceAll(",\\{\"role\":\"assistant\",\"content\":\"[^\"]*\"\\}", ""))
          .append('\n');
    }
    Path data = LifecycleSandbox.write(tmp.resolve("prompts.jsonl"), prompts.toString());
    assertTrue(!Files.readString(data).contains("assistant"), Files.readString(data));

    CliRun dry = record(fineTuned, "--data", data.toString(), "--dry-run", "--max-tokens", "50");
    assertEquals(0, dry.code(), dry.toString());
    CliRun run = record(fineTuned, "--data", data.toString(), "--seed", "3");
    assertEquals(0, run.code(), run.toString());
    Recording r =
        Recording.read(
            Recordings.dir(
                tmp.resolve("reports"),
                sb.endpoint(),
                fineTuned,
                ChatData.readPrompts(data).sha256()));
    assertEquals(12, r.answers().size());

    Path reports = tmp.resolve("reports");
    CliRun against =
        sb.run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            LifecycleSandbox.MODEL,
            "--against",
            "recorded:" + fineTuned,
            "--reports-dir",
            reports.toString(),
            "--out",
            tmp.resolve("agree").toString(),
            "--yes");
    assertEquals(0, against.code(), against.toString());
    assertTrue(Files.isRegularFile(tmp.resolve("agree/eval.json")));

    CliRun expected =
        sb.run(
            "eval",
            "--data",
            data.toString(),
            "--model",
            LifecycleSandbox.MODEL,
            "--reports-dir",
            reports.toString(),
            "--out",
            tmp.resolve("none").toString(),
            "--yes");
    assertEquals(5, expected.code(), expected.toString());
    assertTrue(expected.err().contains("no assistant message"), expected.err());
  }

  @Test
  void checkpointsAndBaseModelsAreRecordedToo() {
    Path data = data();
    CliRun ckpt = record(checkpoint, "--data", data.toString(), "--seed", "3");
    assertEquals(0, ckpt.code(), ckpt.toString());
    assertEquals(12, recording(checkpoint, data).answers().size());
    assertTrue(recording(checkpoint, data).dir().toString().contains("_ckpt-step-"));

    CliRun base = record("gpt-4o-mini", "--data", data.toString());
    assertEquals(0, base.code(), base.toString());
    Recording r = recording("gpt-4o-mini", data);
    assertEquals(12, r.answers().size());
    assertEquals("gpt-4o-mini-2024-07-18", r.answers().get(0).answeredBy());
    ChatData d = ChatData.read(data);
    long right =
        r.answers().stream()
            .filter(a -> a.answer().equals(d.examples().get(a.index()).expected()))
            .count();
    assertEquals(0, right, "the base model never saw this free-text data");
  }

  @Test
  void aDryRunSendsNothingWritesNothingAndNeedsNoKey() {
    Path data = data();
    long before = requests();
    CliContext noKey = CliRun.context();
    CliRun r =
        LifecycleSandbox.run(
            noKey,
            UserInput.of(""),
            "record",
            "gpt-4o-mini-2024-07-18",
            "--data",
            data.toString(),
            "--dry-run",
            "--reports-dir",
            tmp.resolve("reports").toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals(0, requests() - before);
    assertFalse(Files.exists(tmp.resolve("reports")));
    assertTrue(r.out().contains("12 requests to ask: about "), r.out());
    assertTrue(
        r.out()
            .contains(
                "estimated cost less than $0.01 ($0.15 in / $0.60 out per 1M tokens, prices as of"
                    + " 2025-06-01)"),
        r.out());
    assertTrue(r.out().contains("Dry run: nothing was sent."), r.out());
  }

  @Test
  void anExpensiveRunAsksFirst() throws IOException {
    Path data = data();
    Path prices = tmp.resolve("prices.json");
    Files.writeString(
        prices,
        "{\"models\": {\"gpt-4o-mini-2024-07-18\": {\"encoding\": \"o200k_base\", \"context\":"
            + " 65536, \"training_per_1m\": 3, \"inference\": {\"input_per_1m\": 5000,"
            + " \"output_per_1m\": 5000, \"fine_tuned_input_per_1m\": 10000,"
            + " \"fine_tuned_output_per_1m\": 10000}}}}");
    long before = requests();
    CliRun script = record(fineTuned, "--data", data.toString(), "--prices", prices.toString());
    assertEquals(2, script.code(), script.toString());
    assertTrue(script.err().contains("pass --yes"), script.err());
    assertTrue(
        script.out().contains("fine-tuned $10000.00 in / $10000.00 out per 1M tokens"),
        script.out());

    List<String> args =
        List.of(
            "record",
            fineTuned,
            "--data",
            data.toString(),
            "--prices",
            prices.toString(),
            "--reports-dir",
            tmp.resolve("reports").toString());
    CliRun no = sb.run(true, "n\n", args.toArray(String[]::new));
    assertEquals(0, no.code(), no.toString());
    assertTrue(no.err().contains("? [y/N]"), no.err());
    assertEquals(0, requests() - before);
    assertFalse(Files.exists(tmp.resolve("reports")));

    CliRun yes = sb.run(true, "y\n", args.toArray(String[]::new));
    assertEquals(0, yes.code(), yes.toString());
    assertEquals(12, requests() - before);
  }

  @Test
  void otherParametersDoNotMixIntoARecording() {
    Path data = data();
    assertEquals(
        0,
        record(fineTuned, "--data", data.toString(), "--limit", "2", "--temperature", "0").code());
    long before = requests();
    CliRun r = record(fineTuned, "--data", data.toString(), "--temperature", "1");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("temperature 0.0") && r.err().contains("temperature 1.0"), r.err());
    assertEquals(0, requests() - before);
  }

  @Test
  void badInputsAreOneLineWithTheirExitCode() throws IOException {
    Path data = data();
    CliRun unknown = record("ft:gpt-4o-mini-2024-07-18:org::nope", "--data", data.toString());
    assertEquals(4, unknown.code(), unknown.toString());
    assertTrue(
        unknown.err().contains("404")
            && unknown.err().contains("can no longer be recorded")
            && !unknown.err().contains("rerun"),
        unknown.err());
    assertEquals(1, unknown.err().strip().lines().count(), unknown.err());

    Path broken = tmp.resolve("broken.jsonl");
    Files.writeString(broken, "{\"messages\":[{\"role\":\"assistant\",\"content\":\"Hi\"}]}\n");
    CliRun bad = record(fineTuned, "--data", broken.toString());
    assertEquals(5, bad.code(), bad.toString());
    assertTrue(
        bad.err().contains("broken.jsonl:1: nothing before the assistant message"), bad.err());

    assertEquals(2, record(fineTuned, "--data", data.toString(), "--concurrency", "0").code());
    assertEquals(2, record(fineTuned, "--data", data.toString(), "--temperature", "2.5").code());
    assertEquals(2, record(fineTuned, "--data", data.toString(), "--limit", "0").code());
    assertEquals(2, record(fineTuned).code());
  }

  @Test
  void ctrlCStopsWithWhatIsRecordedAndARerunGoesOn() throws Exception {
    Path data = LifecycleSandbox.write(tmp.resolve("slow.jsonl"), LifecycleSandbox.examples(60));
    Path answers =
        Recordings.dir(
                tmp.resolve("reports"), sb.endpoint(), "gpt-4o-mini", ChatData.read(data).sha256())
            .resolve(Recordings.ANSWERS);
    java.util.concurrent.atomic.AtomicReference<Runnable> ctrlC =
        new java.util.concurrent.atomic.AtomicReference<>();
    CliContext context =
        sb.context(false)
            .withInterrupts(
                action -> {
                  ctrlC.set(action);
                  return () -> ctrlC.set(null);
                });
    sb.sandbox.setChatLatencyScale(0.5);
    try {
      CompletableFuture<Void> presser =
          CompletableFuture.runAsync(
              () ->
                  Await.until(
                          "5 answers recorded while Ctrl-C is handled",
                          Duration.ofSeconds(60),
                          () ->
                              Files.exists(answers) && Files.readAllLines(answers).size() >= 5
                                  ? ctrlC.get()
                                  : null,
                          Objects::nonNull)
                      .run());
      CliRun r =
          LifecycleSandbox.run(
              context,
              UserInput.of(""),
              "record",
              "gpt-4o-mini",
              "--data",
              data.toString(),
              "--reports-dir",
              tmp.resolve("reports").toString());
      presser.get(60, TimeUnit.SECONDS);
      assertEquals(130, r.code(), r.toString());
      int kept = Files.readAllLines(answers).size();
      assertTrue(
          r.err()
              .contains(
                  "interrupted; "
                      + kept
                      + " of 60 answers are recorded, rerun the same command to go on"),
          r.err());
      assertTrue(kept >= 5 && kept < 60, kept + " kept");
    } finally {
      sb.sandbox.setChatLatencyScale(0.01);
    }
    CliRun rest = record("gpt-4o-mini", "--data", data.toString());
    assertEquals(0, rest.code(), rest.toString());
    assertEquals(60, Files.readAllLines(answers).size());
    assertEquals(60, recording("gpt-4o-mini", data).answers().size());
  }

  @Test
  void rateLimitsAndFaultsAreRetriedAndNothingIsRecordedTwice() {
    try (LifecycleSandbox faulty =
        new LifecycleSandbox(
            SandboxConfig.defaults()
                .withClock(LifecycleSandbox.CLOCK)
                .withStepDelayMs(5)
                .withSeed(11)
                .withFaultRate(0.35)
                .withSlowFaultMs(20))) {
      Path data = LifecycleSandbox.write(tmp.resolve("many.jsonl"), LifecycleSandbox.examples(40));
      long before = faulty.sandbox.faultStats().requests();
      CliRun r =
          faulty.run(
              "record",
              "gpt-4o-mini",
              "--data",
              data.toString(),
              "--concurrency",
              "4",
              "--reports-dir",
              tmp.resolve("reports").toString());
      assertEquals(0, r.code(), r.toString());
      var stats = faulty.sandbox.faultStats();
      assertTrue(stats.count(dev.openaift.sandbox.FaultKind.RATE_LIMIT) > 0, stats.toString());
      long sent = stats.requests() - before;
      assertTrue(sent > 40, sent + " requests for 40 examples: some were faults and asked again");
      assertTrue(
          r.out().matches("(?s).*Recorded 40 answers \\(\\d+ retr(y|ies)\\); 40 of 40 examples.*"),
          r.out());
      Recording rec =
          Recording.read(
              Recordings.dir(
                  tmp.resolve("reports"),
                  faulty.endpoint(),
                  "gpt-4o-mini",
                  ChatData.read(data).sha256()));
      assertEquals(40, rec.answers().size());
      assertNotEquals(null, rec.answer(39).orElse(null));
    }
  }
}
