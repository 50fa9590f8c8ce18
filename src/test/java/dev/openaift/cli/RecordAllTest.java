package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.api.Connection;
import dev.openaift.api.FileInfo;
import dev.openaift.api.JobRequest;
import dev.openaift.api.ModelEntry;
import dev.openaift.api.OpenAiGateway;
import dev.openaift.api.Sleeper;
import dev.openaift.job.Job;
import dev.openaift.job.JobJson;
import dev.openaift.models.ModelCatalog;
import dev.openaift.record.ChatData;
import dev.openaift.record.RecordPlan;
import dev.openaift.record.Recorder;
import dev.openaift.record.Recording;
import dev.openaift.record.Recordings;
import dev.openaift.retirement.ArchivedJobs;
import dev.openaift.retirement.RecordEveryModel;
import dev.openaift.retirement.RetirementTable;
import dev.openaift.retirement.Shutdowns;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code record --all} against the sandbox, today 2026-11-29. Five jobs: A (gpt-4o-mini, training
 * file of 10 examples and a validation file of 4), B (gpt-4o-mini, training file of 6, no
 * validation file), C (gpt-4.1-nano, shut down 2026-10-23), D (gpt-4o-mini, its training file's
 * copy removed from the archive), E (gpt-4o-mini, its model deleted). All backed up once into a
 * template archive that each test copies.
 */
class RecordAllTest {
  private static LifecycleSandbox sb;
  private static String modelA;
  private static String modelB;
  private static String modelC;
  private static String modelD;
  private static String modelE;
  private static String checkpointA;
  private static String validA;
  private static String trainB;
  private static String jobA;
  @TempDir static Path shared;
  @TempDir Path tmp;

  @BeforeAll
  static void trainAndBackUp() throws IOException {
    sb = new LifecycleSandbox();
    FileInfo train = sb.upload("train.jsonl", LifecycleSandbox.examples(10));
    FileInfo valid = sb.upload("valid.jsonl", planets(20, 4));
    FileInfo six = sb.upload("twelve.jsonl", planets(30, 12));
    FileInfo five = sb.upload("eleven.jsonl", planets(50, 11));
    validA = valid.id();
    trainB = six.id();
    jobA = train("gpt-4o-mini-2024-07-18", train.id(), valid.id(), "a");
    String jobB = train("gpt-4o-mini-2024-07-18", six.id(), null, "b");
    String jobC = train("gpt-4.1-nano-2025-04-14", train.id(), null, "c");
    String jobD = train("gpt-4o-mini-2024-07-18", five.id(), null, "d");
    String jobE = train("gpt-4o-mini-2024-07-18", train.id(), null, "e");
    modelA = sb.await(jobA, Job::isTerminal).fineTunedModel();
    modelB = sb.await(jobB, Job::isTerminal).fineTunedModel();
    modelC = sb.await(jobC, Job::isTerminal).fineTunedModel();
    modelD = sb.await(jobD, Job::isTerminal).fineTunedModel();
    modelE = sb.await(jobE, Job::isTerminal).fineTunedModel();
    checkpointA = sb.gateway.listCheckpoints(jobA).get(0).fineTunedModelCheckpoint();
    CliRun backup = sb.run("backup", "--reports-dir", template().toString());
    assertEquals(0, backup.code(), backup.toString());
    assertTrue(sb.gateway.deleteModel(modelE));
    delete(template().resolve("files").resolve(five.id()));
  }

  private static String train(String model, String file, String valid, String suffix) {
    return sb.gateway
        .createJob(new JobRequest(model, file, valid, suffix, 3L, Map.of("n_epochs", 1)))
        .id();
  }

  /** {@code n} examples about planets {@code from + 1 ...} (distinct files, distinct answers). */
  private static String planets(int from, int n) {
    StringBuilder b = new StringBuilder();
    LifecycleSandbox.examples(from + n).lines().skip(from).forEach(l -> b.append(l).append('\n'));
    return b.toString();
  }

  private static Path template() {
    return shared.resolve("template");
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  /** A copy of the backed-up archive for one test. */
  private Path archive() {
    Path to = tmp.resolve("reports");
    try (Stream<Path> walk = Files.walk(template())) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(template().relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return to;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static CliRun recordAll(Path reports, String... more) {
    List<String> args = new ArrayList<>(List.of("record", "--all"));
    args.addAll(List.of(more));
    args.addAll(List.of("--reports-dir", reports.toString()));
    return sb.run(args.toArray(String[]::new));
  }

  private static Recording recording(Path reports, String model, String fileId) {
    Path copy = ArchivedJobs.read(reports).dataCopy(fileId).copy().file();
    return Recording.read(
        Recordings.dir(reports, sb.endpoint(), model, ChatData.read(copy).sha256()));
  }

  @Test
  void aDryRunShowsTheWholePlanWithOneLinePerModelLeftOutAndSendsNothing() {
    Path reports = archive();
    long chats = sb.sandbox.chatCompletionsAnswered();
    CliRun r = recordAll(reports, "--dry-run");
    assertEquals(0, r.code(), r.toString());
    assertEquals(0, sb.sandbox.chatCompletionsAnswered() - chats);
    assertFalse(Files.exists(reports.resolve(Recordings.FOLDER)));
    List<String> lines = r.out().lines().toList();
    assertEquals("Recording 2 fine-tuned models (3 left out)", lines.get(0), r.out());
    String a = line(lines, "  " + modelA + " ");
    assertTrue(
        a.contains(
            " on its validation file valid.jsonl ("
                + validA
                + "), 4 examples: 4 requests to ask: about "),
        a);
    assertTrue(a.contains("estimated cost less than $0.01"), a);
    String b = line(lines, "  " + modelB + " ");
    assertTrue(
        b.contains(" on its training file twelve.jsonl (" + trainB + "), 12 examples: 12 requests"),
        b);
    assertEquals(
        "skipped "
            + modelC
            + ": shut down on 2026-10-23 (models api): it can no longer be recorded",
        line(lines, "skipped " + modelC));
    assertEquals(
        "skipped " + modelE + ": not in the models list (deleted): it can no longer be recorded",
        line(lines, "skipped " + modelE));
    String d = line(lines, "skipped " + modelD);
    assertTrue(
        d.contains(": no data: job ")
            && d.contains("not backed up")
            && d.endsWith("(run openai-ft backup, or pass --data FILE)"),
        d);
    assertTrue(
        line(lines, "In all: ")
            .matches(
                "In all: 16 requests to ask: about [\\d,]+ prompt tokens and [\\d,]+ answer"
                    + " tokens \\(estimated\\), estimated cost less than \\$0\\.01\\."),
        r.out());
    assertEquals("Dry run: nothing was sent.", lines.get(lines.size() - 1));
    assertFalse(r.out().contains(checkpointA), "checkpoints only on request");
  }

  @Test
  void everyModelIsRecordedOnceAndARerunAsksOnlyWhatIsMissing() {
    Path reports = archive();
    long chats = sb.sandbox.chatCompletionsAnswered();
    CliRun first = recordAll(reports, "--limit", "2");
    assertEquals(0, first.code(), first.toString());
    assertEquals(4, sb.sandbox.chatCompletionsAnswered() - chats, first.out());
    assertTrue(
        first
            .out()
            .contains(
                "Recorded 4 answers; 0 of 2 models completely recorded (2 as far as --limit asked),"
                    + " 3"
                    + " left out."),
        first.out());
    assertTrue(
        first.out().lines().filter(l -> l.startsWith("recorded ")).allMatch(l -> l.contains("/4 ")),
        "one progress line counts the whole plan\n" + first.out());
    assertTrue(first.out().contains("recorded 4/4 100%"), first.out());

    long middle = sb.sandbox.chatCompletionsAnswered();
    CliRun rest = recordAll(reports);
    assertEquals(0, rest.code(), rest.toString());
    assertEquals(12, sb.sandbox.chatCompletionsAnswered() - middle, "2 + 10 missing, no more");
    assertTrue(rest.out().contains("In all: 12 requests to ask (4 recorded before)"), rest.out());
    assertTrue(rest.out().contains("recorded 16/16 100%"), rest.out());
    assertTrue(
        rest.out().contains("Recorded 12 answers; 2 of 2 models completely recorded, 3 left out."),
        rest.out());

    long after = sb.sandbox.chatCompletionsAnswered();
    CliRun again = recordAll(reports);
    assertEquals(0, again.code(), again.toString());
    assertEquals(0, sb.sandbox.chatCompletionsAnswered() - after);
    assertTrue(
        again.out().contains("Nothing to ask: every model of the plan is recorded."), again.out());

    Recording a = recording(reports, modelA, validA);
    assertEquals(4, a.answers().size());
    assertEquals(modelA, a.header().model());
    assertEquals("valid.jsonl", a.header().dataFile());
    assertEquals(12, recording(reports, modelB, trainB).answers().size());
  }

  /**
   * A recording made with other parameters leaves its model out with a line saying how far it got,
   * and the rest of the plan goes on: before, the whole plan was refused, so a model that still
   * needed recording before its shutdown was blocked by one that needed nothing.
   */
  @Test
  void aRecordingMadeWithOtherParametersLeavesItsModelOutAndTheOthersGoOn() {
    Path reports = archive();
    CliRun seeded = recordAll(reports, "--temperature", "0", "--seed", "1");
    assertEquals(0, seeded.code(), seeded.toString());
    // a new job's model, recorded with nothing yet, is what the next plan still has to ask
    Path b =
        Recordings.dir(
            reports,
            sb.endpoint(),
            modelB,
            recording(reports, modelB, trainB).header().dataSha256());
    try {
      delete(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long before = sb.sandbox.chatCompletionsAnswered();
    CliRun plain = recordAll(reports);
    assertEquals(0, plain.code(), plain.toString());
    assertEquals(12, sb.sandbox.chatCompletionsAnswered() - before, plain.out());
    assertEquals(
        "skipped "
            + modelA
            + ": recorded before with temperature 0.0, seed 1, max tokens none, every example"
            + " answered: nothing to ask",
        line(plain.out().lines().toList(), "skipped " + modelA),
        plain.out());
    assertEquals(12, recording(reports, modelB, trainB).answers().size());
  }

  @Test
  void onATerminalTheWholeRunIsOneLineRedrawnInPlace() {
    Path reports = archive();
    CliRun r = sb.run(true, "", "record", "--all", "--reports-dir", reports.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("\rrecorded "), r.out());
    assertTrue(r.out().contains("recorded 16/16 100%"), r.out());
    assertTrue(
        Stream.of(r.out().split("\n")).noneMatch(l -> l.startsWith("recorded ")),
        "never a line of its own on a terminal: " + r.out());
    assertTrue(
        Stream.of(r.out().split("\n"))
            .anyMatch(
                l ->
                    l.endsWith(
                        "Recorded 16 answers; 2 of 2 models completely"
                            + " recorded, 3 left out.")),
        r.out());
  }

  @Test
  void checkpointsOnRequestAndOneDataFileForAll() throws IOException {
    Path reports = archive();
    Path data = LifecycleSandbox.write(tmp.resolve("mine.jsonl"), planets(50, 3));
    long chats = sb.sandbox.chatCompletionsAnswered();
    CliRun r = recordAll(reports, "--checkpoints", "--data", data.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("Recording 3 fine-tuned models and 4 checkpoints"), r.out());
    // A, B, D and their checkpoints (D has data now), E's checkpoint (its model was deleted, the
    // checkpoint is still served); C (shut down, with its checkpoint) and E out
    assertEquals(21, sb.sandbox.chatCompletionsAnswered() - chats, r.out());
    String sha = ChatData.read(data).sha256();
    for (String m : List.of(modelA, modelB, modelD, checkpointA)) {
      assertEquals(
          3, Recording.read(Recordings.dir(reports, sb.endpoint(), m, sha)).answers().size(), m);
    }
    assertTrue(r.out().contains("  " + checkpointA + " on its --data, 3 examples"), r.out());
  }

  @Test
  void anExpensivePlanIsConfirmedOnceForTheWholeRun() throws IOException {
    Path reports = archive();
    Path prices = tmp.resolve("prices.json");
    Files.writeString(
        prices,
        "{\"models\": {\"gpt-4o-mini-2024-07-18\": {\"encoding\": \"o200k_base\", \"context\":"
            + " 65536, \"training_per_1m\": 3, \"inference\": {\"input_per_1m\": 5000,"
            + " \"output_per_1m\": 5000, \"fine_tuned_input_per_1m\": 100000,"
            + " \"fine_tuned_output_per_1m\": 100000}}}}");
    long chats = sb.sandbox.chatCompletionsAnswered();
    CliRun script = recordAll(reports, "--prices", prices.toString());
    assertEquals(2, script.code(), script.toString());
    assertTrue(
        script.err().contains("on 16 requests to 2 models") && script.err().contains("pass --yes"),
        script.err());
    CliRun no =
        sb.run(
            true,
            "n\n",
            "record",
            "--all",
            "--prices",
            prices.toString(),
            "--reports-dir",
            reports.toString());
    assertEquals(0, no.code(), no.toString());
    assertEquals(1, no.err().lines().filter(l -> l.contains("? [y/N]")).count(), no.err());
    assertEquals(0, sb.sandbox.chatCompletionsAnswered() - chats);
    CliRun yes = recordAll(reports, "--prices", prices.toString(), "--yes");
    assertEquals(0, yes.code(), yes.toString());
    assertEquals(16, sb.sandbox.chatCompletionsAnswered() - chats);
  }

  @Test
  void aModelThatStopsAnsweringDuringTheRunIsSkippedWithALineAndTheOthersGoOn() throws Exception {
    Path reports = archive();
    String gone = "ft:gpt-4o-mini-2024-07-18:org:gone:zz9";
    Job ghost =
        JobJson.jobFromJson(
            new ObjectMapper()
                .readTree(
                    "{\"id\":\"ftjob-ghost\",\"object\":\"fine_tuning.job\",\"model\":"
                        + "\"gpt-4o-mini-2024-07-18\",\"status\":\"succeeded\","
                        + "\"fine_tuned_model\":\""
                        + gone
                        + "\",\"training_file\":\""
                        + trainB
                        + "\",\"created_at\":1}"));
    List<ModelEntry> models = new ArrayList<>(sb.gateway.listModels());
    models.add(new ModelEntry(gone, 1L, "org"));
    List<Job> jobs = new ArrayList<>(sb.gateway.listJobsWithStatus(null, 100));
    jobs.add(ghost);
    Shutdowns shutdowns = new Shutdowns(RetirementTable.builtIn(), LifecycleSandbox.CLOCK);
    RecordPlan plan =
        RecordEveryModel.plan(
            new RecordEveryModel.Inputs(
                models, jobs, null, ArchivedJobs.read(reports), null, null, sb.endpoint()),
            shutdowns,
            m -> new Recorder.Options(m, sb.endpoint(), 0.0, null, null, 2, 2),
            ModelCatalog.builtIn(),
            LifecycleSandbox.CLOCK.instant());
    assertEquals(
        List.of(gone, modelA, modelB).stream().sorted().toList(),
        plan.items().stream().map(RecordPlan.Item::model).sorted().toList());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long chats = sb.sandbox.chatCompletionsAnswered();
    int code;
    try (OpenAiGateway chat =
        new OpenAiGateway(
            Connection.of(LifecycleSandbox.KEY, sb.sandbox.baseUrl().toString()).withMaxRetries(0),
            Sleeper.system(),
            LifecycleSandbox.CLOCK)) {
      code =
          RecordAll.run(
              sb.context(false),
              new PrintWriter(out),
              new PrintWriter(err),
              chat,
              plan,
              shutdowns.withModels(models));
    }
    assertEquals(0, code, out + "\n" + err);
    assertEquals(4 + 12, sb.sandbox.chatCompletionsAnswered() - chats);
    List<String> skipped = out.toString().lines().filter(l -> l.startsWith("skipped ")).toList();
    assertEquals(1, skipped.size(), out.toString());
    assertTrue(out.toString().contains("recorded 16/16 100%"), "the gone model's share dropped");
    assertFalse(out.toString().contains("recorded 0/"), out.toString());
    assertTrue(
        skipped.get(0).startsWith("skipped " + gone + ": the API does not serve " + gone + " (")
            && skipped.get(0).contains("404")
            && skipped.get(0).contains("can no longer be recorded"),
        skipped.get(0));
    assertTrue(
        out.toString()
            .contains("2 of 3 models completely recorded, 1 no longer served, 3 left out."),
        out.toString());
    assertTrue(out.toString().contains("Recorded 16 answers; "), out.toString());
    assertEquals("", err.toString());
  }

  @Test
  void aJobWhoseFileIsNotChatFormatIsLeftOutAndTheOthersArePlanned() throws IOException {
    Path reports = archive();
    Path copy = ArchivedJobs.read(reports).dataCopy(trainB).copy().file();
    Files.writeString(
        copy,
        "{\"input\": {\"messages\": []}, \"preferred_output\": [], \"non_preferred_output\":"
            + " []}\n");
    CliRun r = recordAll(reports, "--dry-run");
    assertEquals(0, r.code(), r.toString());
    String b = line(r.out().lines().toList(), "skipped " + modelB);
    assertTrue(
        b.contains(": no data: its training file twelve.jsonl (" + trainB + ") is not chat-format")
            && b.endsWith("; pass --data FILE"),
        b);
    assertTrue(r.out().startsWith("Recording 1 fine-tuned model (4 left out)"), r.out());
  }

  @Test
  void recordingOneModelThatHasShutDownSaysItCanNoLongerBeRecorded() {
    Path data = LifecycleSandbox.write(tmp.resolve("d.jsonl"), planets(0, 3));
    CliRun r = sb.run("record", modelC, "--data", data.toString(), "--reports-dir", tmp.toString());
    assertEquals(4, r.code(), r.toString());
    assertTrue(
        r.err()
            .startsWith(
                "openai-ft: "
                    + modelC
                    + " shut down on 2026-10-23 (resource) and can no longer be recorded ("),
        r.err());
    assertTrue(r.err().contains("; 0 of 3 answers were recorded before"), r.err());
    assertFalse(r.err().contains("rerun"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void badCombinationsAreUsageErrors() {
    Path reports = tmp.resolve("none");
    assertEquals(2, recordAll(reports, modelA).code());
    assertEquals(2, sb.run("record", "--checkpoints", modelA, "--data", "x.jsonl").code());
    CliRun none = sb.run("record", "--data", "x.jsonl");
    assertEquals(2, none.code());
    assertTrue(none.err().contains("--all"), none.err());
    assertEquals(2, recordAll(reports, "--limit", "0").code());
    assertTrue(Files.notExists(reports));
  }

  private static String line(List<String> lines, String start) {
    return lines.stream()
        .filter(l -> l.startsWith(start))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line starting " + start + " in\n" + lines));
  }

  static String utf8(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
