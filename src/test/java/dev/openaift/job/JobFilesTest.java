package dev.openaift.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.InputFileException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobFilesTest {

  private static Path fixture(String name) {
    try {
      return Path.of(JobFilesTest.class.getResource("/fixtures/events/" + name).toURI());
    } catch (URISyntaxException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static List<String> ids(List<JobEvent> events) {
    return events.stream().map(JobEvent::id).toList();
  }

  @Test
  void jsonLinesSkipBlankLinesDropDuplicatesAndIgnoreUnknownFields() {
    List<JobEvent> events = JobFiles.readEvents(fixture("events.jsonl"));
    assertEquals(List.of("ftevent-a1", "ftevent-a2", "ftevent-a3"), ids(events));
    JobEvent metrics = events.get(2);
    assertTrue(metrics.isMetrics());
    assertEquals(
        "Step 1/2: training loss=1.23", metrics.message(), "the first of two duplicates is kept");
    assertEquals(1.2345678901234567, ((Number) metrics.data().get("train_loss")).doubleValue());
    assertEquals(1L, metrics.data().get("step"));
    assertEquals(Map.of("a", 1L), metrics.data().get("scores"));
    assertEquals(Map.of(), events.get(1).data(), "null data reads as empty");
  }

  @Test
  void listPageAndArrayGiveTheSameEventsOldestFirst() {
    List<JobEvent> page = JobFiles.readEvents(fixture("list_page.json"));
    List<JobEvent> array = JobFiles.readEvents(fixture("array.json"));
    assertEquals(List.of("ftevent-a1", "ftevent-a2", "ftevent-a3"), ids(page));
    assertEquals(ids(page), ids(array));
    assertEquals(page.get(2).data(), array.get(2).data());
  }

  @Test
  void listPagesSavedOnePerLineAreConcatenated(@TempDir Path dir) throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("pages.jsonl"),
            "{\"object\":\"list\",\"data\":[{\"id\":\"e3\",\"created_at\":3},{\"id\":\"e2\",\"created_at\":2}],\"has_more\":true}\n"
                + "{\"object\":\"list\",\"data\":[{\"id\":\"e2\",\"created_at\":2},{\"id\":\"e1\",\"created_at\":1}],\"has_more\":false}\n");
    assertEquals(List.of("e1", "e2", "e3"), ids(JobFiles.readEvents(f)));
  }

  @Test
  void unorderedEventsAreSortedByTimeThenId() {
    assertEquals(
        List.of("ftevent-z", "ftevent-a", "ftevent-b", "ftevent-c"),
        ids(JobFiles.readEvents(fixture("unordered.jsonl"))));
  }

  @Test
  void malformedLineNamesItsLineAndColumn() {
    InputFileException e =
        assertThrows(
            InputFileException.class, () -> JobFiles.readEvents(fixture("malformed.jsonl")));
    assertEquals(3, e.line());
    assertEquals(52, e.column());
    assertEquals(
        "not valid JSON: unexpected character '\"' (expected comma to separate Object entries)",
        e.problem());
    assertTrue(e.getMessage().contains("malformed.jsonl:3:52: not valid JSON"), e.getMessage());
  }

  @Test
  void eventWithoutIdNamesTheLine() {
    InputFileException e =
        assertThrows(
            InputFileException.class, () -> JobFiles.readEvents(fixture("missing_id.jsonl")));
    assertTrue(e.getMessage().endsWith("missing_id.jsonl:2: event has no \"id\""), e.getMessage());
  }

  @Test
  void eventWithoutCreatedAtInAListPageNamesItsLine() {
    InputFileException e =
        assertThrows(
            InputFileException.class,
            () -> JobFiles.readEvents(fixture("missing_created_at.json")));
    assertTrue(
        e.getMessage()
            .endsWith("missing_created_at.json:3: event ftevent-b has no numeric \"created_at\""),
        e.getMessage());
  }

  @Test
  void malformedSingleDocumentUsesJacksonsLocation(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("job.json");
    Files.writeString(f, "{\n  \"id\": \"ftjob-1\",\n  \"status\": ,\n}\n");
    InputFileException e = assertThrows(InputFileException.class, () -> JobFiles.readJob(f));
    assertEquals(3, e.line());
    assertEquals(13, e.column());
  }

  @Test
  void hyperparametersComeFromTheMethodAsWrittenAndUnknownFieldsAreIgnored() {
    Job job = JobFiles.readJob(fixture("job_method.json"));
    assertEquals("dpo", job.methodType());
    assertEquals(
        Map.of(
            "n_epochs",
            "3",
            "batch_size",
            "8",
            "learning_rate_multiplier",
            "0.1",
            "beta",
            "0.25",
            "x",
            "0.00001"),
        job.hyperparameters());
    assertEquals("my-bot", job.suffix(), "parsed from ft:model:org:SUFFIX:id");
    assertEquals("running", job.status());
    assertEquals(1000L, job.createdAt());
    assertNull(job.finishedAt());
    assertNull(job.validationFile());
    assertNull(job.errorMessage());
    assertEquals(Map.of("k", "v"), job.metadata());
  }

  @Test
  void failedJobKeepsTheErrorAndTopLevelHyperparameters() {
    Job job = JobFiles.readJob(fixture("job_failed.json"));
    assertEquals("invalid_training_file", job.errorCode());
    assertEquals("The training file has 3 examples with invalid roles.", job.errorMessage());
    assertEquals(
        Map.of("n_epochs", "2", "batch_size", "1", "learning_rate_multiplier", "2.0"),
        job.hyperparameters());
    assertEquals("given", job.suffix());
    assertTrue(job.isTerminal());
  }

  @Test
  void legacyFineTuneObjectGivesItsHyperparams() throws IOException {
    String legacy =
        "{\"object\":\"fine-tune\",\"id\":\"ft-AbC123\",\"model\":\"curie\",\"created_at\":1614807352,"
            + "\"status\":\"succeeded\",\"fine_tuned_model\":\"curie:ft-acme-2021-03-03-21-44-20\","
            + "\"hyperparams\":{\"batch_size\":4,\"learning_rate_multiplier\":0.1,\"n_epochs\":4,\"prompt_loss_weight\":0.1},"
            + "\"events\":[],\"training_files\":[{\"id\":\"file-x\",\"bytes\":1547}]}";
    Job job = JobJson.jobFromJson(new ObjectMapper().readTree(legacy));
    assertEquals("4", job.hyperparameters().get("n_epochs"));
    assertEquals("0.1", job.hyperparameters().get("prompt_loss_weight"));
    assertEquals("curie", job.model());
  }

  @Test
  void checkpointsAreSortedByStepAndKeepNumericMetrics() {
    List<Checkpoint> c = JobFiles.readCheckpoints(fixture("checkpoints_array.json"));
    assertEquals(List.of(20L, 40L), c.stream().map(Checkpoint::stepNumber).toList());
    assertEquals(
        Map.of("step", 40.0, "full_valid_loss", 0.5, "train_loss", 0.4), c.get(1).metrics());
    assertEquals("ftjob-abc", c.get(0).fineTuningJobId());
  }

  @Test
  void writersRoundTrip(@TempDir Path dir) throws IOException {
    Job job = JobFiles.readJob(fixture("job_method.json"));
    List<JobEvent> events = JobFiles.readEvents(fixture("events.jsonl"));
    List<Checkpoint> checkpoints = JobFiles.readCheckpoints(fixture("checkpoints_array.json"));
    JobFileWriter.writeJob(dir.resolve("job.json"), job);
    // events.jsonl is appended by archive/FileEventStore, line by line in this layout
    StringBuilder lines = new StringBuilder();
    events.forEach(e -> lines.append(JobJson.eventToJsonLine(e)).append('\n'));
    Files.writeString(dir.resolve("events.jsonl"), lines);
    JobFileWriter.writeCheckpoints(dir.resolve("checkpoints.json"), checkpoints);
    assertEquals(job, JobFiles.readJob(dir.resolve("job.json")));
    assertEquals(events, JobFiles.readEvents(dir.resolve("events.jsonl")));
    assertEquals(checkpoints, JobFiles.readCheckpoints(dir.resolve("checkpoints.json")));
    try (var files = Files.list(dir)) {
      assertEquals(3, files.count(), "no temporary files left behind");
    }
  }

  @Test
  void eventLineIsOneLineOfWireJson() throws IOException {
    JobEvent e = new JobEvent("ftevent-1", 5, "warn", "a \"quoted\"\nmessage", "message", Map.of());
    String line = JobJson.eventToJsonLine(e);
    assertEquals(-1, line.indexOf('\n'));
    assertEquals(
        "{\"id\":\"ftevent-1\",\"object\":\"fine_tuning.job.event\",\"created_at\":5,\"level\":\"warn\",\"message\":\"a"
            + " \\\"quoted\\\"\\n"
            + "message\",\"type\":\"message\",\"data\":{}}",
        line);
    assertEquals(e, JobJson.eventFromJson(new ObjectMapper().readTree(line)));
  }

  @Test
  void emptyEventsFileHasNoEvents(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("events.jsonl"), "\n\n");
    assertEquals(List.of(), JobFiles.readEvents(f));
  }

  @Test
  void missingFile(@TempDir Path dir) {
    InputFileException e =
        assertThrows(InputFileException.class, () -> JobFiles.readJob(dir.resolve("job.json")));
    assertEquals(dir.resolve("job.json") + ": no such file", e.getMessage());
  }

  // ------------------------------------------------------------------ fuzzing findings (issue 9)

  private static InputFileException failing(
      Path dir, String name, String content, java.util.function.Function<Path, Object> reader)
      throws IOException {
    Path f = Files.writeString(dir.resolve(name), content);
    return assertThrows(InputFileException.class, () -> reader.apply(f));
  }

  private static void assertOurs(InputFileException e) {
    for (String internal :
        List.of(
            "StreamReadConstraints",
            "JsonReadFeature",
            "Source:",
            "start marker",
            "`",
            "com.fasterxml",
            "code 1",
            "REDACTED")) {
      assertTrue(!e.getMessage().contains(internal), internal + " in: " + e.getMessage());
    }
  }

  @Test
  void jsonErrorsAreOurOwnWordsWithFileLineAndColumn(@TempDir Path dir) throws IOException {
    InputFileException deep =
        failing(dir, "job.json", "[".repeat(1001) + "]".repeat(1001), JobFiles::readJob);
    assertOurs(deep);
    assertEquals("nested too deeply (more than 1000 levels of arrays and objects)", deep.problem());
    assertEquals(1, deep.line());
    assertTrue(deep.column() > 0, deep.getMessage());

    InputFileException twice =
        failing(
            dir,
            "job2.json",
            "{\n  \"id\": \"ftjob-1\",\n  \"id\": \"ftjob-2\"\n}\n",
            JobFiles::readJob);
    assertOurs(twice);
    assertEquals("not valid JSON: the key 'id' appears twice in one object", twice.problem());
    assertEquals(3, twice.line());

    InputFileException cut =
        failing(
            dir, "job3.json", "{\n  \"id\": \"ftjob-1\",\n  \"status\": \"runn", JobFiles::readJob);
    assertOurs(cut);
    assertEquals("not valid JSON: the file ends inside a string (cut off?)", cut.problem());
    assertEquals(3, cut.line());

    InputFileException unexpected = failing(dir, "e.jsonl", "{\"id\": }\n", JobFiles::readEvents);
    assertOurs(unexpected);
    assertEquals(
        "e.jsonl:1:8: not valid JSON: unexpected character '}' (expected a value)",
        unexpected.getMessage().substring(dir.toString().length() + 1));
  }

  @Test
  void aListPageWhoseDataIsNotAnArrayGivesOneMessageOnOneLineOrPretty(@TempDir Path dir)
      throws IOException {
    InputFileException oneLine =
        failing(
            dir, "a.json", "{\"object\":\"list\",\"data\":{\"id\":\"x\"}}\n", JobFiles::readEvents);
    InputFileException pretty =
        failing(
            dir,
            "b.json",
            "{\n  \"object\": \"list\",\n  \"data\": {\"id\": \"x\"}\n}\n",
            JobFiles::readEvents);
    assertEquals("a list page's \"data\" must be an array", oneLine.problem());
    assertEquals(oneLine.problem(), pretty.problem());
  }

  @Test
  void createdAtMustBeATime(@TempDir Path dir) throws IOException {
    InputFileException huge =
        failing(
            dir,
            "a.jsonl",
            "{\"id\":\"ev1\",\"created_at\":99999999999999999999999}\n",
            JobFiles::readEvents);
    assertEquals(
        "event ev1: created_at 99999999999999999999999 is not a time (unix seconds after 1970,"
            + " before 10000)",
        huge.problem());
    InputFileException negative =
        failing(dir, "b.jsonl", "{\"id\":\"ev1\",\"created_at\":-5}\n", JobFiles::readEvents);
    assertEquals(
        "event ev1: created_at -5 is not a time (unix seconds after 1970, before 10000)",
        negative.problem());
  }

  @Test
  void echoedIdsAreCut(@TempDir Path dir) throws IOException {
    String id = "x".repeat(5000);
    InputFileException e =
        failing(dir, "a.jsonl", "{\"id\":\"" + id + "\"}\n", JobFiles::readEvents);
    assertTrue(e.getMessage().length() < 300, e.getMessage());
    assertTrue(e.problem().startsWith("event xxxx"), e.problem());
    assertTrue(e.problem().contains("(5000 characters)"), e.problem());
  }

  @Test
  void stepsInEventsAndCheckpointsMustBePositive(@TempDir Path dir) throws IOException {
    InputFileException event =
        failing(
            dir,
            "a.jsonl",
            "{\"id\":\"ev1\",\"created_at\":1}\n"
                + "{\"id\":\"ev2\",\"created_at\":2,\"type\":\"metrics\",\"data\":{\"step\":-1,\"train_loss\":1}}\n",
            JobFiles::readEvents);
    assertEquals(2, event.line());
    assertEquals(
        "event ev2: step must be a positive whole number (steps count from 1), was -1",
        event.problem());
    InputFileException checkpoint =
        failing(dir, "c.json", "[{\"id\":\"c1\",\"step_number\":0}]\n", JobFiles::readCheckpoints);
    assertEquals(
        "checkpoint c1: step_number must be a positive whole number (steps count from 1), was 0",
        checkpoint.problem());
  }
}
