package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openaift.api.FileInfo;
import dev.openaift.job.Job;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobsCommandTest {
  private static final Pattern JOB_ID =
      Pattern.compile("Created fine-tuning job (ftjob-[A-Za-z0-9]+)");

  @TempDir Path tmp;
  private LifecycleSandbox sb;

  @BeforeEach
  void start() {
    sb = new LifecycleSandbox();
  }

  @AfterEach
  void stop() {
    sb.close();
  }

  private Path train(int n) {
    return LifecycleSandbox.write(tmp.resolve("train.jsonl"), LifecycleSandbox.examples(n));
  }

  @Test
  void createUploadsLocalFilesThenCreatesTheJobAndPrintsTheEstimate() throws Exception {
    Path train = train(12);
    Path valid = LifecycleSandbox.write(tmp.resolve("valid.jsonl"), LifecycleSandbox.examples(10));
    CliRun r =
        sb.run(
            "jobs",
            "create",
            "--model",
            LifecycleSandbox.MODEL,
            "--training-file",
            train.toString(),
            "--validation-file",
            valid.toString(),
            "--suffix",
            "demo",
            "--epochs",
            "2",
            "--seed",
            "5",
            "--metadata",
            "team=search",
            "--metadata",
            "run=1");
    assertEquals(0, r.code(), r.toString());
    Matcher m = JOB_ID.matcher(r.out());
    assertTrue(m.find(), r.out());
    Job job = sb.gateway.getJob(m.group(1));
    List<FileInfo> files =
        sb.gateway.listFiles().stream().filter(f -> f.purpose().equals("fine-tune")).toList();
    assertEquals(2, files.size());
    FileInfo trainUpload =
        files.stream().filter(f -> f.filename().equals("train.jsonl")).findFirst().orElseThrow();
    FileInfo validUpload =
        files.stream().filter(f -> f.filename().equals("valid.jsonl")).findFirst().orElseThrow();
    assertEquals(trainUpload.id(), job.trainingFile());
    assertEquals(validUpload.id(), job.validationFile());
    assertEquals(Map.of("team", "search", "run", "1"), job.metadata());
    assertEquals(5L, job.seed());
    assertTrue(r.out().contains("Uploaded " + train + " as " + trainUpload.id() + "."), r.out());
    assertTrue(
        r.out()
            .matches(
                "(?s).*Estimated cost: (\\$\\d+\\.\\d\\d|less than \\$0\\.01) \\([\\d,]+ billed"
                    + " tokens over 2 epochs; prices as of .*"),
        r.out());
    assertTrue(r.out().contains("openai-ft follow " + job.id()), r.out());
  }

  @Test
  void theEstimateIsPrintedBeforeAnythingIsUploadedOrCreated() {
    CliRun r =
        sb.run(
            "jobs",
            "create",
            "--model",
            LifecycleSandbox.MODEL,
            "--training-file",
            train(12).toString());
    assertEquals(0, r.code(), r.toString());
    int estimate = r.out().indexOf("Estimated cost: ");
    int uploaded = r.out().indexOf("Uploaded ");
    int created = r.out().indexOf("Created fine-tuning job ");
    assertTrue(estimate >= 0 && estimate < uploaded && uploaded < created, r.out());
    assertEquals(1, r.out().split("Estimated cost: ", -1).length - 1, "once: " + r.out());
  }

  @Test
  void anUnknownCostIsConfirmedFirstAndNothingIsSentUnconfirmed() {
    Path train = train(12);
    // no price for the model: a script without --yes is refused before anything is uploaded
    CliRun script =
        sb.run("jobs", "create", "--model", "no-such-model", "--training-file", train.toString());
    assertEquals(2, script.code(), script.toString());
    assertTrue(
        script.out().contains("Estimated cost: unknown price for no-such-model"), script.out());
    assertTrue(
        script.err().contains("spend an unknown amount on a fine-tuning job on no-such-model"),
        script.err());
    assertTrue(script.err().contains("pass --yes"), script.err());
    assertEquals(0, sb.gateway.listFiles().size(), "nothing uploaded");
    assertEquals(0, sb.jobCount());
    // on a terminal it asks; 'n' sends nothing
    String[] unchecked = {
      "jobs",
      "create",
      "--model",
      LifecycleSandbox.MODEL,
      "--training-file",
      train.toString(),
      "--no-check"
    };
    CliRun declined = sb.run(true, "n\n", unchecked);
    assertEquals(0, declined.code(), declined.toString());
    assertTrue(
        declined.err().contains("Spend an unknown amount on a fine-tuning job on "),
        declined.err());
    assertTrue(declined.err().contains("Not confirmed: nothing was changed."), declined.err());
    assertEquals(0, sb.gateway.listFiles().size(), "nothing uploaded");
    assertEquals(0, sb.jobCount());
    // 'y' starts it
    CliRun confirmed = sb.run(true, "y\n", unchecked);
    assertEquals(0, confirmed.code(), confirmed.toString());
    assertEquals(1, sb.jobCount());
  }

  @Test
  void aRefusedJobNamesTheFileItUploadedSoItIsNotUploadedAgain() {
    Path train = train(12);
    // an unknown model has no price: the unknown cost is confirmed with --yes
    CliRun r =
        sb.run(
            "jobs",
            "create",
            "--model",
            "no-such-model",
            "--training-file",
            train.toString(),
            "--yes");
    assertEquals(4, r.code(), r.toString());
    List<FileInfo> files =
        sb.gateway.listFiles().stream().filter(f -> f.purpose().equals("fine-tune")).toList();
    assertEquals(1, files.size(), "the upload stays on the account");
    String id = files.get(0).id();
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("no-such-model"), r.err());
    assertTrue(r.err().contains("--training-file " + id), "how to reuse it: " + r.err());
    assertTrue(r.err().contains("openai-ft files delete " + id), "how to delete it: " + r.err());
  }

  @Test
  void dryRunSendsNothing() throws Exception {
    Path train = train(12);
    FileInfo existing = sb.upload("valid.jsonl", LifecycleSandbox.examples(10));
    CliRun r =
        sb.run(
            "jobs",
            "create",
            "--model",
            LifecycleSandbox.MODEL,
            "--training-file",
            train.toString(),
            "--validation-file",
            existing.id(),
            "--epochs",
            "3",
            "--batch-size",
            "2",
            "--dry-run");
    assertEquals(0, r.code(), r.toString());
    assertEquals(1, sb.fileCount(), "nothing uploaded");
    assertEquals(0, sb.jobCount(), "no job created");
    assertTrue(r.out().contains("Would upload " + train + " (purpose fine-tune)."), r.out());
    assertTrue(r.out().contains("\"validation_file\" : \"" + existing.id() + "\""), r.out());
    assertTrue(r.out().contains("\"n_epochs\" : 3"), r.out());
    assertTrue(r.out().contains("Estimated cost: "), r.out());

    CliRun j =
        sb.run(
            "jobs",
            "create",
            "--model",
            LifecycleSandbox.MODEL,
            "--training-file",
            train.toString(),
            "--method",
            "dpo",
            "--beta",
            "0.2",
            "--dry-run",
            "--json");
    assertEquals(0, j.code(), j.toString());
    JsonNode doc = j.json();
    assertTrue(doc.get("dry_run").asBoolean());
    JsonNode method = doc.get("request").get("method");
    assertEquals("dpo", method.get("type").asText());
    assertEquals(0.2, method.get("dpo").get("hyperparameters").get("beta").asDouble());
    assertTrue(doc.get("estimate").get("billed_tokens_total").asLong() > 0);
    assertEquals(1, sb.fileCount());
    assertEquals(0, sb.jobCount());
  }

  @Test
  void dryRunNeedsNoKey() {
    Path train = train(12);
    CliRun r =
        CliRun.withEnv(
            Map.of(),
            "jobs",
            "create",
            "--model",
            LifecycleSandbox.MODEL,
            "--training-file",
            train.toString(),
            "--dry-run");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"training_file\" : \"<upload of " + train + ">\""), r.out());
    CliRun real =
        CliRun.withEnv(
            Map.of(),
            "jobs",
            "create",
            "--model",
            LifecycleSandbox.MODEL,
            "--training-file",
            train.toString());
    assertEquals(2, real.code(), "no key: " + real.err());
    assertTrue(real.err().contains("OPENAI_API_KEY"), real.err());
  }

  @Test
  void unusableLocalTrainingFileStopsEverything() {
    Path bad = LifecycleSandbox.write(tmp.resolve("bad.jsonl"), LifecycleSandbox.unusable(12));
    CliRun r =
        sb.run(
            "jobs", "create", "--model", LifecycleSandbox.MODEL, "--training-file", bad.toString());
    assertEquals(5, r.code(), r.toString());
    assertTrue(r.err().contains("no assistant message"), r.err());
    assertTrue(r.err().contains("no job was created"), r.err());
    assertEquals(0, sb.fileCount());
    assertEquals(0, sb.jobCount());
  }

  @Test
  void anUnusableUploadedFileIsCheckedTooUnlessNoCheck() {
    FileInfo bad = sb.upload("bad.jsonl", LifecycleSandbox.unusable(12));
    CliRun r =
        sb.run("jobs", "create", "--model", LifecycleSandbox.MODEL, "--training-file", bad.id());
    assertEquals(5, r.code(), r.toString());
    assertTrue(r.err().contains(bad.id() + ": no assistant message (12 lines"), r.err());
    assertTrue(r.err().contains("openai-ft files download " + bad.id()), r.err());
    assertEquals(0, sb.jobCount());
    CliRun unchecked =
        sb.run(
            "jobs",
            "create",
            "--model",
            LifecycleSandbox.MODEL,
            "--training-file",
            bad.id(),
            "--no-check",
            "--yes");
    assertEquals(0, unchecked.code(), unchecked.toString());
    assertTrue(unchecked.out().contains("Estimated cost: not available"), unchecked.out());
    assertEquals(1, sb.jobCount());
  }

  @Test
  void neitherAFileNorAnIdIsAFileProblem() {
    CliRun r =
        sb.run(
            "jobs",
            "create",
            "--model",
            LifecycleSandbox.MODEL,
            "--training-file",
            "nothing-here.jsonl");
    assertEquals(5, r.code(), r.toString());
    assertTrue(r.err().contains("nothing-here.jsonl"), r.err());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "--beta, 0.1",
    "--method, reinforcement",
    "--epochs, 0",
    "--batch-size, 999",
    "--lr-multiplier, -1",
    "--suffix, has space",
    "--seed, -3"
  })
  void badOptionsAreUsageErrorsNamingTheOption(String option, String value) {
    List<String> args =
        new java.util.ArrayList<>(List.of("jobs", "create", "--model", LifecycleSandbox.MODEL));
    args.addAll(List.of("--training-file", train(12).toString(), option, value));
    CliRun r = sb.run(args.toArray(String[]::new));
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains(option), r.err());
    assertEquals(0, sb.fileCount(), "nothing uploaded");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"--limit, 0", "--status, finished"})
  void badListOptionsAreUsageErrorsNamingTheOption(String option, String value) {
    CliRun r = sb.run("jobs", "list", option, value);
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains(option), r.err());
  }

  @Test
  void noModelIsAUsageError() {
    CliRun noModel = sb.run("jobs", "create", "--training-file", train(12).toString());
    assertEquals(2, noModel.code(), noModel.toString());
    assertTrue(noModel.err().contains("--model"), noModel.err());
    assertEquals(0, sb.fileCount());
  }

  @Test
  void aCreateWhoseAnswerIsLostStartsOneJobNotTwo() {
    Path train = train(12);
    sb.sandbox.loseAnswers("POST", "/v1/fine_tuning/jobs", 1);
    CliRun r =
        sb.run(
            "jobs",
            "create",
            "--model",
            LifecycleSandbox.MODEL,
            "--training-file",
            train.toString(),
            "--suffix",
            "once");
    assertEquals(0, r.code(), r.toString());
    List<Job> jobs = sb.gateway.listJobs(null, 100).data();
    assertEquals(1, jobs.size(), "one job on the account: " + jobs);
    String id = jobs.get(0).id();
    assertTrue(
        r.err().contains("the answer to the create was lost, but the job was started: " + id),
        r.err());
    Matcher m = JOB_ID.matcher(r.out());
    assertTrue(m.find(), r.out());
    assertEquals(id, m.group(1));
  }

  @Test
  void aLostAnswerIsNotTakenForAnEarlierJobOfTheSameRequest() {
    FileInfo f = sb.upload("train.jsonl", LifecycleSandbox.examples(12));
    String[] create = {
      "jobs", "create", "--model", LifecycleSandbox.MODEL, "--training-file", f.id(), "--yes"
    };
    CliRun first = sb.run(create);
    assertEquals(0, first.code(), first.toString());
    Matcher earlier = JOB_ID.matcher(first.out());
    assertTrue(earlier.find(), first.out());
    sb.sandbox.loseAnswers("POST", "/v1/fine_tuning/jobs", 1);
    CliRun again = sb.run(create);
    assertEquals(0, again.code(), again.toString());
    List<Job> jobs = sb.gateway.listJobs(null, 100).data();
    assertEquals(2, jobs.size(), "the earlier job and the new one: " + jobs);
    String created =
        jobs.stream()
            .map(Job::id)
            .filter(id -> !id.equals(earlier.group(1)))
            .findFirst()
            .orElseThrow();
    assertTrue(again.err().contains("job was started: " + created), again.err());
    assertTrue(again.out().contains("Created fine-tuning job " + created), again.out());
  }

  @Test
  void createWithAnUploadedIdAndDpo() throws Exception {
    String dpo =
        Files.readString(
            Path.of("src/test/resources/prepare/valid_dpo.jsonl"), StandardCharsets.UTF_8);
    FileInfo f = sb.upload("dpo.jsonl", dpo);
    CliRun r =
        sb.run(
            "jobs",
            "create",
            "--model",
            LifecycleSandbox.MODEL,
            "--training-file",
            f.id(),
            "--method",
            "dpo",
            "--beta",
            "0.25",
            "--json");
    assertEquals(0, r.code(), r.toString());
    JsonNode job = r.json();
    assertEquals(f.id(), job.get("training_file").asText());
    assertEquals("dpo", job.get("method").get("type").asText());
    assertTrue(r.err().contains("Estimated cost: "), r.err());
    assertFalse(r.err().contains("not available"), "the uploaded file was checked: " + r.err());
    Job created = sb.gateway.getJob(job.get("id").asText());
    assertEquals("dpo", created.methodType());
    // the job may already have finished and written its result file (purpose fine-tune-results)
    assertEquals(
        1,
        sb.gateway.listFiles().stream().filter(x -> x.purpose().equals("fine-tune")).count(),
        "nothing more uploaded");
  }

  @Test
  void createAndFollowToTheEnd() {
    Path train = train(10);
    CliRun r =
        sb.run(
            "jobs",
            "create",
            "--model",
            LifecycleSandbox.MODEL,
            "--training-file",
            train.toString(),
            "--epochs",
            "1",
            "--follow",
            "--poll",
            "0.02",
            "--reports-dir",
            tmp.resolve("reports").toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("Job complete! Status: succeeded"), r.out());
    assertTrue(r.out().contains("Created fine-tuning job ftjob-"), r.out());
  }

  @Test
  void createWithReportFollowsAndWritesTheReportAndIndex() throws Exception {
    Path train = train(10);
    Path reports = tmp.resolve("reports");
    CliRun r =
        sb.run(
            "jobs",
            "create",
            "--model",
            LifecycleSandbox.MODEL,
            "--training-file",
            train.toString(),
            "--epochs",
            "1",
            "--report",
            "--poll",
            "0.02",
            "--reports-dir",
            reports.toString(),
            "--json");
    assertEquals(0, r.code(), r.toString());
    Matcher m = JOB_ID.matcher(r.err());
    assertTrue(m.find(), r.err());
    assertTrue(
        Files.isRegularFile(reports.resolve(m.group(1)).resolve("events.jsonl")),
        "archived events");
    assertTrue(Files.isRegularFile(reports.resolve("index.html")), "archive index");
    assertTrue(r.err().contains("report: "), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.size() > 10, r.out());
    for (String line : lines) {
      assertTrue(
          line.startsWith("{\"") && line.endsWith("}"), "only event JSON lines on stdout: " + line);
    }
  }

  @Test
  void listGetAndStatusFilter() {
    String done = sb.startJob(10, Map.of("n_epochs", 1));
    sb.await(done, Job::isTerminal);
    String other = sb.startJob(10, Map.of("n_epochs", 1));
    sb.await(other, Job::isTerminal);
    sb.gateway.getJob(other);

    CliRun all = sb.run("jobs", "list");
    assertEquals(0, all.code(), all.toString());
    List<String> lines = all.out().lines().toList();
    assertEquals(3, lines.size(), all.out());
    assertTrue(lines.get(0).startsWith("ID "), lines.get(0));
    assertTrue(lines.get(1).startsWith(other), "newest first: " + all.out());

    CliRun limited = sb.run("jobs", "list", "--limit", "1", "--json");
    assertEquals(1, limited.json().size());
    assertEquals(other, limited.json().get(0).get("id").asText());
    assertEquals("fine_tuning.job", limited.json().get(0).get("object").asText());

    CliRun running = sb.run("jobs", "list", "--status", "running", "--json");
    assertEquals(0, running.code(), running.toString());
    assertEquals(0, running.json().size());
    CliRun succeeded = sb.run("jobs", "list", "--status", "succeeded", "--json");
    assertEquals(2, succeeded.json().size());

    CliRun get = sb.run("jobs", "get", done);
    assertEquals(0, get.code(), get.toString());
    assertTrue(get.out().contains("status            succeeded"), get.out());
    assertTrue(get.out().contains("hyperparameters   "), get.out());
    assertTrue(get.out().contains("n_epochs=1"), get.out());
    JsonNode json = sb.run("jobs", "get", done, "--json").json();
    assertEquals(done, json.get("id").asText());
    assertTrue(json.get("fine_tuned_model").asText().startsWith("ft:"), json.toString());
    assertTrue(json.get("created_at").isIntegralNumber());

    CliRun unknown = sb.run("jobs", "get", "ftjob-unknown123");
    assertEquals(4, unknown.code(), unknown.toString());
    assertTrue(unknown.err().contains("ftjob-unknown123"), unknown.err());
  }

  @Test
  void cancelNeedsConfirmationAndFinishedJobsCannotBeCancelled() {
    String id = sb.startJob(10, Map.of("n_epochs", 50));
    CliRun refused = sb.run("jobs", "cancel", id);
    assertEquals(2, refused.code(), refused.toString());
    assertTrue(refused.err().contains("pass --yes"), refused.err());
    assertFalse(sb.gateway.getJob(id).isTerminal());

    CliRun declined = sb.run(true, "no\n", "jobs", "cancel", id);
    assertEquals(0, declined.code(), declined.toString());
    assertTrue(declined.err().contains("Cancel job " + id + " ("), declined.err());
    assertFalse(sb.gateway.getJob(id).isTerminal());

    CliRun accepted = sb.run(true, "yes\n", "jobs", "cancel", id);
    assertEquals(0, accepted.code(), accepted.toString());
    assertEquals("Job " + id + " is now cancelled.\n", accepted.out());
    assertEquals("cancelled", sb.gateway.getJob(id).status());

    CliRun again = sb.run("jobs", "cancel", id, "--yes");
    assertEquals(4, again.code(), again.toString());
    assertEquals(
        "openai-ft: job " + id + " has already ended (cancelled): nothing to cancel\n",
        again.err());
  }

  @Test
  void pauseResumeAndCheckpoints() {
    SandboxConfig manual =
        SandboxConfig.defaults().withStepDelayMs(20).withSeed(2).withClock(LifecycleSandbox.CLOCK);
    try (LifecycleSandbox slow = LifecycleSandbox.manual(manual)) {
      String id = slow.startJob(10, Map.of("n_epochs", 30));
      slow.sandbox.advanceUntil(id, "running");
      CliRun paused = slow.run("jobs", "pause", id);
      assertEquals(0, paused.code(), paused.toString());
      assertEquals("Job " + id + " is now paused.\n", paused.out());
      assertEquals(0, slow.sandbox.step(20), "the paused job does not move");
      assertEquals("paused", slow.gateway.getJob(id).status());
      CliRun again = slow.run("jobs", "pause", id);
      assertEquals(4, again.code(), again.toString());
      assertEquals(
          "openai-ft: job " + id + " is paused: only a running job can be paused\n", again.err());
      CliRun resumed = slow.run("jobs", "resume", id, "--json");
      assertEquals(0, resumed.code(), resumed.toString());
      assertEquals("running", resumed.json().get("status").asText());
      assertEquals(1, slow.sandbox.step(), "the resumed job moves again");
      CliRun notPaused = slow.run("jobs", "resume", id);
      assertEquals(4, notPaused.code(), notPaused.toString());
      assertTrue(notPaused.err().contains("only a paused job can be resumed"), notPaused.err());
      slow.run("jobs", "cancel", id, "--yes");
    }
    String done = sb.startJob(10, Map.of("n_epochs", 3));
    sb.await(done, Job::isTerminal);
    CliRun cps = sb.run("jobs", "checkpoints", done);
    assertEquals(0, cps.code(), cps.toString());
    List<String> lines = cps.out().lines().toList();
    assertTrue(
        lines.get(0).matches("STEP +CREATED +TRAIN LOSS +FULL VALID LOSS +CHECKPOINT MODEL"),
        lines.get(0));
    assertTrue(lines.size() >= 2, cps.out());
    assertTrue(lines.get(1).contains("ft:"), lines.get(1));
    JsonNode json = sb.run("jobs", "checkpoints", done, "--json").json();
    assertEquals(lines.size() - 1, json.size());
    assertNotNull(json.get(0).get("fine_tuned_model_checkpoint"));
    assertEquals(done, json.get(0).get("fine_tuning_job_id").asText());
  }

  @Test
  void metadataWithAQuoteOrWithoutEqualsIsOurOwnMessageWithoutJavaTypes() {
    java.io.PrintStream systemErr = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    CliRun quoted;
    CliRun noEquals;
    try {
      quoted =
          sb.run(
              "jobs",
              "create",
              "--model",
              LifecycleSandbox.MODEL,
              "--training-file",
              "file-abc",
              "--metadata",
              "note=\"x",
              "--dry-run");
      noEquals =
          sb.run(
              "jobs",
              "create",
              "--model",
              LifecycleSandbox.MODEL,
              "--training-file",
              "file-abc",
              "--metadata",
              "noequals",
              "--dry-run");
    } finally {
      System.setErr(systemErr);
    }
    String all = captured.toString(StandardCharsets.UTF_8) + quoted + noEquals;
    assertFalse(
        all.contains("picocli") || all.contains("java.") || all.contains("option option"), all);
    assertEquals(0, quoted.code(), quoted.toString());
    assertTrue(quoted.out().contains("\"note\" : \"\\\"x\""), quoted.out());
    assertEquals(2, noEquals.code());
    assertTrue(
        noEquals.err().startsWith("openai-ft: --metadata must be KEY=VALUE, got 'noequals'"),
        noEquals.err());
  }
}
