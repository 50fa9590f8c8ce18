package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.api.FileInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running the same {@code jobs create} again (after a crash, a closed terminal, a Ctrl-C, or at the
 * same time from a second terminal) resumes what the first run paid for instead of paying twice:
 * the archive's launch record ({@code launches/}) holds the uploads and the job.
 */
class LaunchRecordTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ANY_JOB = Pattern.compile("ob (ftjob-[A-Za-z0-9]+) \\(");

  @TempDir Path tmp;
  private LifecycleSandbox sb;
  private Path archive;
  private Path train;

  @BeforeEach
  void start() {
    sb = new LifecycleSandbox();
    archive = tmp.resolve("reports");
    train = LifecycleSandbox.write(tmp.resolve("train.jsonl"), LifecycleSandbox.examples(12));
  }

  @AfterEach
  void stop() {
    sb.close();
  }

  private CliRun create(String... extra) {
    List<String> line =
        new ArrayList<>(
            List.of(
                "jobs",
                "create",
                "--model",
                LifecycleSandbox.MODEL,
                "--training-file",
                train.toString(),
                "--suffix",
                "resume",
                "--reports-dir",
                archive.toString()));
    line.addAll(List.of(extra));
    return sb.run(line.toArray(String[]::new));
  }

  private static String jobOf(CliRun r) {
    Matcher m = ANY_JOB.matcher(r.out());
    assertTrue(m.find(), r.toString());
    return m.group(1);
  }

  private List<Path> records() throws Exception {
    try (Stream<Path> s = Files.list(archive.resolve("launches"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
  }

  private List<FileInfo> trainingUploads() {
    return sb.gateway.listFiles().stream().filter(f -> f.filename().equals("train.jsonl")).toList();
  }

  @Test
  void aSecondRunOfTheSameCreateTakesTheJobTheFirstStarted() throws Exception {
    CliRun first = create();
    assertEquals(0, first.code(), first.toString());
    String id = jobOf(first);
    assertTrue(first.out().contains("Created fine-tuning job " + id), first.out());

    CliRun second = create();
    assertEquals(0, second.code(), second.toString());
    assertEquals(id, jobOf(second));
    assertTrue(second.out().contains("started by an earlier run of this request"), second.out());
    assertTrue(second.err().contains("an earlier run started " + id), second.err());
    assertTrue(second.err().contains("--again starts a new job"), second.err());
    assertFalse(second.out().contains("Estimated cost"), "nothing to pay: " + second.out());
    assertEquals(1, sb.jobCount(), "one job on the account");
    assertEquals(1, trainingUploads().size(), "uploaded once");

    List<Path> records = records();
    assertEquals(1, records.size(), records.toString());
    JsonNode rec = JSON.readTree(records.get(0).toFile());
    assertEquals(id, rec.path("jobs").get(0).path("id").asText(), rec.toString());
    assertEquals(
        trainingUploads().get(0).id(), rec.path("files").path("training").path("file_id").asText());
    assertTrue(
        rec.path("request").path("training_file").asText().startsWith("sha256:"), rec.toString());
    assertFalse(rec.has("sent"), "the answer is recorded: " + rec);
    assertFalse(
        Files.readString(records.get(0)).contains(LifecycleSandbox.KEY), "no key in the record");
  }

  @Test
  void againStartsANewJobOnTheSameUpload() throws Exception {
    String id = jobOf(create());
    CliRun again = create("--again");
    assertEquals(0, again.code(), again.toString());
    String second = jobOf(again);
    assertFalse(second.equals(id), again.toString());
    assertTrue(again.out().contains("Created fine-tuning job " + second), again.out());
    assertTrue(again.err().contains("reusing " + trainingUploads().get(0).id()), again.err());
    assertEquals(2, sb.jobCount());
    assertEquals(1, trainingUploads().size(), "the same bytes are not uploaded twice");
    JsonNode rec = JSON.readTree(records().get(0).toFile());
    assertEquals(2, rec.path("jobs").size(), rec.toString());
    assertEquals(second, rec.path("jobs").get(1).path("id").asText());
  }

  @Test
  void changedDataOrSettingsAreAnotherRequest() throws Exception {
    String id = jobOf(create());
    CliRun otherEpochs = create("--epochs", "2");
    assertEquals(0, otherEpochs.code(), otherEpochs.toString());
    assertFalse(jobOf(otherEpochs).equals(id));
    LifecycleSandbox.write(train, LifecycleSandbox.examples(13));
    CliRun otherData = create();
    assertEquals(0, otherData.code(), otherData.toString());
    assertEquals(3, sb.jobCount());
    assertEquals(3, records().size());
    assertEquals(3, trainingUploads().size(), "each request keeps its own uploads");
  }

  @Test
  void aCancelledEarlierJobIsReplacedByANewOne() {
    String id = jobOf(create());
    sb.gateway.cancel(id);
    CliRun next = create();
    assertEquals(0, next.code(), next.toString());
    String created = jobOf(next);
    assertFalse(created.equals(id));
    assertTrue(next.err().contains(id + ", cancelled; creating a new one"), next.err());
    assertTrue(next.out().contains("Estimated cost"), "a new job is paid for: " + next.out());
  }

  @Test
  void aCreateSentByARunThatDiedIsFoundInsteadOfSentAgain() throws Exception {
    String id = jobOf(create());
    // the record as a run killed between sending the create and reading its answer leaves it
    Path file = records().get(0);
    ObjectNode rec = (ObjectNode) JSON.readTree(file.toFile());
    String sent = rec.path("jobs").get(0).path("started").asText();
    rec.putArray("jobs");
    rec.put("sent", sent);
    Files.writeString(file, rec.toString());

    CliRun next = create();
    assertEquals(0, next.code(), next.toString());
    assertEquals(id, jobOf(next));
    assertTrue(next.err().contains("it did start " + id), next.err());
    assertEquals(1, sb.jobCount(), "not sent again");
    JsonNode after = JSON.readTree(file.toFile());
    assertEquals(id, after.path("jobs").get(0).path("id").asText(), after.toString());
    assertFalse(after.has("sent"), after.toString());
  }

  @Test
  void aCreateThatNeverArrivedIsSentAgainWithTheUploadItHad() throws Exception {
    String id = jobOf(create());
    // a run that recorded its sending an hour after that job was made, and died: the job is older
    // than the sending (beyond the margin for the clocks), so it is not that create's answer
    Path file = records().get(0);
    ObjectNode rec = (ObjectNode) JSON.readTree(file.toFile());
    java.time.Instant started =
        java.time.Instant.parse(rec.path("jobs").get(0).path("started").asText());
    rec.putArray("jobs");
    rec.put("sent", started.plusSeconds(3600).toString());
    Files.writeString(file, rec.toString());

    CliRun next = create();
    assertEquals(0, next.code(), next.toString());
    String created = jobOf(next);
    assertFalse(created.equals(id), next.toString());
    assertTrue(next.out().contains("Created fine-tuning job " + created), next.out());
    assertEquals(2, sb.jobCount());
    assertEquals(1, trainingUploads().size(), "the upload the dead run made is reused");
  }

  @Test
  void anUnreadableRecordStopsTheRunBeforeAnythingIsSent() throws Exception {
    jobOf(create());
    Path file = records().get(0);
    Files.writeString(file, "{\"jobs\": [", StandardCharsets.UTF_8);
    CliRun next = create();
    assertEquals(5, next.code(), next.toString());
    assertTrue(next.err().contains(file.getFileName().toString()), next.err());
    assertTrue(next.err().contains("nothing was sent"), next.err());
    assertEquals(1, sb.jobCount());
    assertEquals(1, trainingUploads().size());
  }

  @Test
  void twoRunsOfTheSameCreateAtOnceStartOneJob() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Callable<CliRun> run = this::create;
      Future<CliRun> a = pool.submit(run);
      Future<CliRun> b = pool.submit(run);
      CliRun ra = a.get();
      CliRun rb = b.get();
      assertEquals(0, ra.code(), ra.toString());
      assertEquals(0, rb.code(), rb.toString());
      assertEquals(jobOf(ra), jobOf(rb));
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, sb.jobCount());
    assertEquals(1, trainingUploads().size());
  }

  @Test
  void aDryRunWritesNoRecord() {
    CliRun dry = create("--dry-run");
    assertEquals(0, dry.code(), dry.toString());
    assertFalse(Files.exists(archive.resolve("launches")));
  }
}
