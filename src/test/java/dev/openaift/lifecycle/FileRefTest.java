package dev.openaift.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.io.InputFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRefTest {
  @TempDir Path tmp;

  @Test
  void aLocalFileWinsOverAnIdLookalike() throws Exception {
    Path local = Files.writeString(tmp.resolve("file-abc"), "{}\n");
    FileRef ref = FileRef.parse(local.toString());
    assertTrue(ref.isLocal());
    assertEquals(local, ref.local());
  }

  @Test
  void anIdIsKeptAsGiven() {
    FileRef ref = FileRef.parse("file-abc123");
    assertFalse(ref.isLocal());
    assertNull(ref.local());
    assertEquals("file-abc123", ref.given());
  }

  @Test
  void neitherIsAFileProblemNamingIt() {
    InputFileException e =
        assertThrows(
            InputFileException.class, () -> FileRef.parse(tmp.resolve("nope.jsonl").toString()));
    assertTrue(e.getMessage().contains("nope.jsonl"), e.getMessage());
    assertThrows(InputFileException.class, () -> FileRef.parse("file-../etc/passwd"));
    assertThrows(
        InputFileException.class, () -> FileRef.parse(tmp.toString()), "a directory is not a file");
  }
}
