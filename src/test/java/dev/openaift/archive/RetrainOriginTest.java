package dev.openaift.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training tier a re-run's {@code retrain.json} records, as {@code compare} reads it. */
class RetrainOriginTest {
  @TempDir Path folder;

  @Test
  void theTierIsReadFromARetrainRecordAndUnknownOtherwise() throws Exception {
    assertNull(RetrainOrigin.trainingType(folder), "not a re-run");
    Path file = folder.resolve(RetrainOrigin.FILE);
    Files.writeString(
        file, "{\"format\": \"openai-ft.retrain\", \"training_type\": \"globalstandard\"}");
    assertEquals("globalstandard", RetrainOrigin.trainingType(folder));
    Files.writeString(file, "{\"format\": \"openai-ft.retrain\"}");
    assertNull(RetrainOrigin.trainingType(folder), "a re-run without a tier");
    Files.writeString(file, "{\"format\": \"something-else\", \"training_type\": \"standard\"}");
    assertNull(RetrainOrigin.trainingType(folder), "another tool's file of the same name");
    Files.writeString(file, "{not json");
    assertNull(RetrainOrigin.trainingType(folder), "unreadable: unknown, not a failure");
  }
}
