package dev.openaift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.archive.FileEventStore;
import dev.openaift.io.InputFileException;
import dev.openaift.io.Json;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import dev.openaift.job.JobFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Json}'s reading policy, the same odd input through every reader of API objects and archive
 * files: the API (through the gateway and the SDK), {@code job.json}, {@code events.jsonl} read
 * whole ({@link JobFiles}) and as the follow log ({@link FileEventStore}), {@code
 * checkpoints.json}.
 */
class ReadingPolicyTest {
  private final StubApi api = new StubApi();
  private OpenAiGateway gateway;
  @TempDir Path dir;

  @AfterEach
  void close() {
    if (gateway != null) {
      gateway.close();
    }
    api.close();
  }

  private OpenAiGateway gateway() {
    if (gateway == null) {
      Connection c = new Connection("sk-test", api.baseUrl(), null, null, 0, Duration.ofSeconds(5));
      gateway =
          new OpenAiGateway(
              c, d -> {}, Clock.fixed(Instant.parse("2024-07-23T20:00:00Z"), ZoneOffset.UTC));
    }
    return gateway;
  }

  private static String job(String extra) {
    return "{\n"
        + "  \"id\": \"ftjob-1\",\n"
        + "  \"object\": \"fine_tuning.job\",\n"
        + "  \"status\": \"succeeded\",\n"
        + "  \"model\": \"gpt-4o-mini\",\n"
        + "  \"created_at\": 1721764800,\n"
        + "  \"result_files\": [],\n"
        + "  \"hyperparameters\": {\"n_epochs\": 3},\n"
        + extra
        + "  \"seed\": 7\n}\n";
  }

  private static String event(String createdAt, String extra) {
    return "{\"id\": \"ftevent-1\", \"object\": \"fine_tuning.job.event\", \"created_at\": "
        + createdAt
        + ", \"level\": \"info\", \"message\": \"Step 7/9\", \"type\": \"metrics\", "
        + extra
        + "\"data\": {\"step\": 7, \"train_loss\": 0.5}}";
  }

  /** The job as the API sends it, then as {@code job.json}. */
  private List<Job> readJobEverywhere(String json) throws IOException {
    api.replyBytes(200, json.getBytes(StandardCharsets.UTF_8));
    Job fromApi = gateway().getJob("ftjob-1");
    Job fromFile =
        JobFiles.readJob(Files.writeString(dir.resolve("job-" + json.hashCode() + ".json"), json));
    return List.of(fromApi, fromFile);
  }

  /** The event as the API lists it, in {@code events.jsonl} read whole, and in the follow log. */
  private List<JobEvent> readEventEverywhere(String eventJson) throws IOException {
    api.replyBytes(
        200,
        ("{\"object\": \"list\", \"data\": [" + eventJson + "], \"has_more\": false}")
            .getBytes(StandardCharsets.UTF_8));
    JobEvent fromApi = gateway().listEvents("ftjob-1", null, 10).data().get(0);
    return List.of(
        fromApi, readEventFromFiles(eventJson).get(0), readEventFromFiles(eventJson).get(1));
  }

  private List<JobEvent> readEventFromFiles(String eventJson) throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("events-" + Integer.toHexString(eventJson.hashCode()) + ".jsonl"),
            eventJson + "\n");
    JobEvent whole = JobFiles.readEvents(file).get(0);
    try (FileEventStore store = FileEventStore.open(file)) {
      return List.of(whole, store.events().get(0));
    }
  }

  @Test
  void numbersAsStringsAreNumbersInEveryReader() throws IOException {
    Job plain = readJobEverywhere(job("  \"trained_tokens\": 42,\n")).get(0);
    for (Job j :
        readJobEverywhere(
            job("  \"trained_tokens\": \" 42 \",\n").replace("1721764800", "\"1721764800\""))) {
      assertEquals(plain, j);
      assertEquals(42L, j.trainedTokens());
      assertEquals(1721764800L, j.createdAt());
    }
    List<JobEvent> events =
        readEventEverywhere(event("\"1721764800\"", "").replace("\"step\": 7", "\"step\": \"7\""));
    for (JobEvent e : events) {
      assertEquals(readEventFromFiles(event("1721764800", "")).get(0), e);
      assertEquals(7L, e.data().get("step"));
    }
    Path checkpoints =
        Files.writeString(
            dir.resolve("checkpoints.json"),
            "{\"object\": \"list\", \"data\": [{\"id\": \"ftckpt_1\", \"created_at\": \"5\","
                + " \"step_number\": \"3\", \"metrics\": {\"train_loss\": \"0.25\"}}]}");
    Checkpoint c = JobFiles.readCheckpoints(checkpoints).get(0);
    assertEquals(3L, c.stepNumber());
    assertEquals(5L, c.createdAt());
    assertEquals(0.25, c.metrics().get("train_loss"));
  }

  @Test
  void aStringThatIsNotANumberIsAValueOfTheWrongType() throws IOException {
    for (Job j : readJobEverywhere(job("  \"trained_tokens\": \"many\",\n"))) {
      assertNull(j.trainedTokens());
    }
    String bad = event("\"yesterday\"", "");
    ApiException fromApi = assertThrows(ApiException.class, () -> readEventEverywhere(bad));
    InputFileException fromFile =
        assertThrows(InputFileException.class, () -> readEventFromFiles(bad));
    assertEquals("the API sent an unusable event: " + fromFile.problem(), fromApi.getMessage());
    assertEquals("event ftevent-1 has no numeric \"created_at\"", fromFile.problem());
  }

  @Test
  void unknownFieldsChangeNothingTheToolReadsAndAreKeptWholeEverywhere() throws IOException {
    List<Job> plain = readJobEverywhere(job(""));
    for (Job j :
        readJobEverywhere(
            job("  \"usage_metrics\": {\"tokens\": [1, 2]},\n  \"new_thing\": null,\n"))) {
      // the same job, with the fields it does not name kept for job.json
      assertEquals(
          plain.get(0),
          new Job(
              j.id(),
              j.status(),
              j.model(),
              j.fineTunedModel(),
              j.organizationId(),
              j.createdAt(),
              j.finishedAt(),
              j.estimatedFinish(),
              j.trainedTokens(),
              j.trainingFile(),
              j.validationFile(),
              j.resultFiles(),
              j.methodType(),
              j.hyperparameters(),
              j.suffix(),
              j.seed(),
              j.errorCode(),
              j.errorMessage(),
              j.metadata()));
      assertEquals(Map.of("new_thing", "null", "usage_metrics", "{\"tokens\":[1,2]}"), j.others());
    }
    List<JobEvent> events = readEventEverywhere(event("1721764800", "\"sparkle\": {\"x\": 1}, "));
    for (JobEvent e : events) {
      assertEquals(events.get(0), e);
    }
  }

  @Test
  void aHugeIntegerIsAValueOfTheWrongTypeWhereAWholeNumberIsNeeded() throws IOException {
    for (Job j :
        readJobEverywhere(job("  \"trained_tokens\": 123456789012345678901234567890,\n"))) {
      assertNull(j.trainedTokens());
      assertEquals("ftjob-1", j.id());
    }
    String huge = event("99999999999999999999999", "");
    ApiException fromApi = assertThrows(ApiException.class, () -> readEventEverywhere(huge));
    InputFileException fromFile =
        assertThrows(InputFileException.class, () -> readEventFromFiles(huge));
    assertEquals("the API sent an unusable event: " + fromFile.problem(), fromApi.getMessage());
    assertTrue(
        fromFile.problem().endsWith("is not a time (unix seconds after 1970, before 10000)"),
        fromFile.problem());
    InputFileException log =
        assertThrows(
            InputFileException.class,
            () ->
                FileEventStore.open(Files.writeString(dir.resolve("huge.jsonl"), huge + "\n"))
                    .close());
    assertTrue(log.problem().startsWith(fromFile.problem() + "; delete this line"), log.problem());
  }

  /**
   * Syntax is the SDK's business on the wire; in our files it is ours, the same in every reader.
   */
  @Test
  void ourFilesAcceptTrailingCommasAndNonFiniteNumbers() throws IOException {
    Job plain = JobFiles.readJob(Files.writeString(dir.resolve("plain.json"), job("")));
    Job commas =
        JobFiles.readJob(
            Files.writeString(
                dir.resolve("commas.json"),
                job("").replace("\"seed\": 7\n", "\"seed\": 7,\n").replace("[]", "[\"file-1\",]")));
    assertEquals(List.of("file-1"), commas.resultFiles());
    assertEquals(plain.seed(), commas.seed());
    String withComma = event("1721764800", "").replace("0.5}", "0.5,},");
    withComma = withComma.substring(0, withComma.length() - 2) + "}";
    for (JobEvent e : readEventFromFiles(withComma)) {
      assertEquals(readEventFromFiles(event("1721764800", "")).get(0), e);
    }
    for (JobEvent e : readEventFromFiles(event("1721764800", "").replace("0.5", "NaN"))) {
      assertTrue(Double.isNaN((Double) e.data().get("train_loss")));
    }
    Job nan =
        JobFiles.readJob(
            Files.writeString(dir.resolve("nan.json"), job("  \"trained_tokens\": NaN,\n")));
    assertNull(nan.trainedTokens());
  }

  @Test
  void aRepeatedKeyIsTheSameClearErrorInEveryFileReader() throws IOException {
    String twice =
        "{\n  \"id\": \"ftjob-1\",\n  \"status\": \"running\",\n  \"status\": \"failed\"\n}\n";
    InputFileException job = failing("job.json", twice, JobFiles::readJob);
    assertEquals("not valid JSON: the key 'status' appears twice in one object", job.problem());
    assertEquals(4, job.line());
    assertTrue(job.column() > 0);
    String line = event("1721764800", "\"level\": \"warn\", ");
    InputFileException events = failing("e.jsonl", line + "\n", JobFiles::readEvents);
    assertEquals("not valid JSON: the key 'level' appears twice in one object", events.problem());
    assertEquals(1, events.line());
    InputFileException log = failing("log.jsonl", line + "\n", f -> FileEventStore.open(f));
    assertEquals(
        events.problem()
            + "; delete this line (or the file) and run again to fetch the events anew",
        log.problem());
    assertEquals(1, log.line());
    InputFileException checkpoints =
        failing(
            "c.json",
            "{\"object\": \"list\", \"data\": [{\"id\": \"a\", \"id\": \"b\", \"step_number\":"
                + " 1}]}",
            JobFiles::readCheckpoints);
    assertEquals("not valid JSON: the key 'id' appears twice in one object", checkpoints.problem());
  }

  @Test
  void dataOthersReadIsStandardJson() {
    assertThrows(IOException.class, () -> Json.standard().readTree("[1,]"));
    assertThrows(IOException.class, () -> Json.standard().readTree("{\"a\": NaN}"));
    assertThrows(IOException.class, () -> Json.standard().readTree("{} {}"));
    assertThrows(IOException.class, () -> Json.mapper().readTree("{} {}"));
  }

  private InputFileException failing(String name, String content, Function<Path, Object> reader)
      throws IOException {
    Path f = Files.writeString(dir.resolve(name), content);
    return assertThrows(InputFileException.class, () -> reader.apply(f));
  }
}
