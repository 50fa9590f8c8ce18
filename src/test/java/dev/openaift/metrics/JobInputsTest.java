package dev.openaift.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.io.InputFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobInputsTest {

  @Test
  void fromDirectoryFindsTheArchiveFiles() {
    Path dir = Fixtures.path("jobs/succeeded");
    JobInputs in = JobInputs.fromDirectory(dir);
    assertEquals(dir.resolve("results.csv"), in.results());
    assertEquals(dir.resolve("events.jsonl"), in.events());
    assertEquals(dir.resolve("job.json"), in.job());
    assertEquals(dir.resolve("checkpoints.json"), in.checkpoints());
  }

  @Test
  void fromDirectoryWithOnlyEvents(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("events.jsonl"), "");
    JobInputs in = JobInputs.fromDirectory(dir);
    assertNull(in.results());
    assertNull(in.job());
  }

  @Test
  void aDirectoryWithNothingUsable(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("job.json"), "{}");
    InputFileException e =
        assertThrows(InputFileException.class, () -> JobInputs.fromDirectory(dir));
    assertEquals(dir + ": nothing usable: expected results.csv or events.jsonl", e.getMessage());
  }

  @Test
  void anEvaluationsOrAComparisonsFolderIsNamedAsSuch(@TempDir Path dir) throws IOException {
    Path eval = Files.createDirectories(dir.resolve("evals").resolve("valid-1"));
    Files.writeString(eval.resolve("eval.json"), "{}");
    InputFileException e =
        assertThrows(InputFileException.class, () -> JobInputs.fromDirectory(eval));
    assertEquals(
        eval
            + ": an evaluation's folder (eval.json; its page is eval.html), not a job's: expected"
            + " results.csv or events.jsonl",
        e.getMessage());
    Path compare = Files.createDirectories(dir.resolve("compare-ab12"));
    Files.writeString(compare.resolve("compare.json"), "{}");
    e = assertThrows(InputFileException.class, () -> JobInputs.fromDirectory(compare));
    assertTrue(e.getMessage().contains("a comparison's folder (compare.json"), e.getMessage());
  }

  @Test
  void aMissingDirectory(@TempDir Path dir) {
    InputFileException e =
        assertThrows(InputFileException.class, () -> JobInputs.fromDirectory(dir.resolve("x")));
    assertEquals(dir.resolve("x") + ": no such directory", e.getMessage());
  }

  @Test
  void givenFilesMustExistAndNotBeDirectories(@TempDir Path dir) throws IOException {
    Path results = Files.writeString(dir.resolve("r.csv"), "step\n1\n");
    assertEquals(
        dir.resolve("e.jsonl") + ": no such file",
        assertThrows(
                InputFileException.class,
                () -> new JobInputs(results, dir.resolve("e.jsonl"), null, null))
            .getMessage());
    assertEquals(
        dir + ": is a directory, expected a file",
        assertThrows(InputFileException.class, () -> new JobInputs(dir, null, null, null))
            .getMessage());
    Path job = Files.writeString(dir.resolve("job.json"), "{}");
    assertEquals(
        job + ": nothing usable: expected a result file or events as well",
        assertThrows(InputFileException.class, () -> new JobInputs(null, null, job, null))
            .getMessage());
    assertEquals(results, new JobInputs(results, null, null, null).results());
  }
}
