package dev.openaift.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.retirement.DateSource;
import dev.openaift.retirement.Shutdown;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The owner's dates, folder names and endpoint check. */
class ArchiveTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path tmp;

  @Test
  void theModelsListABackupKeptGivesTheDates() throws Exception {
    Archive archive = new Archive(tmp);
    String ft = "ft:gpt-4o-mini-2024-07-18:org::abc";
    Shutdown fromTable = archive.shutdowns(null, CLOCK).of(ft);
    assertEquals(DateSource.RESOURCE, fromTable.source(), "no models.json: the dated table");
    Files.writeString(
        tmp.resolve("models.json"),
        "{\"object\":\"list\",\"data\":[{\"id\":\""
            + ft
            + "\",\"shutdown_date\":\"2027-02-01\"},{\"id\":\"x\",\"shutdown_date\":\"soon\"}]}");
    Shutdown s = archive.shutdowns(null, CLOCK).of(ft);
    assertEquals(LocalDate.parse("2027-02-01"), s.date());
    assertEquals(DateSource.MODELS_API, s.source());
    assertEquals(64L, s.daysLeft());
  }

  @Test
  void runFoldersAreReadableStableAndApart() throws Exception {
    Archive archive = new Archive(tmp);
    assertEquals("lora-run-1", Archive.readable("lora run 1"));
    assertEquals("run", Archive.readable(" .. "));
    assertEquals("31m", Archive.readable("\u001b[31m"));
    Path first = archive.runFolder("outputs", "/a/outputs");
    assertEquals(tmp.resolve("outputs"), first);
    Files.createDirectories(first);
    new JobSource(JobSource.TRAINER, null, null, null, "/a/outputs").write(first);
    assertEquals(first, archive.runFolder("outputs", "/a/outputs"), "the same run again");
    Path second = archive.runFolder("outputs", "/b/outputs");
    assertEquals(tmp.resolve("outputs-2"), second);
    Files.createDirectories(second);
    new JobSource(JobSource.TRAINER, null, null, null, "/b/outputs").write(second);
    assertEquals(second, archive.runFolder("outputs", "/b/outputs"));
    Files.createDirectories(tmp.resolve("ftjob-1"));
    assertEquals(
        tmp.resolve("ftjob-1-2"),
        archive.runFolder("ftjob-1", "/c/results.csv"),
        "a folder without source.json (an archived job) is not a loose run's");
    // the archive's own folders are never a run's, even before they exist
    assertEquals(tmp.resolve("files-run"), archive.runFolder("files", "/d/files"));
    assertEquals(tmp.resolve("Recordings-run"), archive.runFolder("Recordings", "/d/Recordings"));
    assertEquals(tmp.resolve("launches-run"), archive.runFolder("launches", "/d/launches"));
    assertTrue(Archive.RESERVED.contains(dev.openaift.record.Recordings.FOLDER));
    assertTrue(Archive.RESERVED.contains(LaunchRecord.FOLDER));
  }

  @Test
  void aJobFromAnotherEndpointIsRefused() throws Exception {
    Archive archive = new Archive(tmp);
    Path folder = Files.createDirectories(tmp.resolve("ftjob-1"));
    JobSource openai = new JobSource("openai", "api.openai.com", null, null);
    archive.claim("ftjob-1", openai);
    openai.write(folder);
    archive.claim("ftjob-1", openai);
    archive.claim("ftjob-1", new JobSource("openai", "api.openai.com", "v2", null));
    ArchiveConflictException e =
        assertThrows(
            ArchiveConflictException.class,
            () ->
                archive.claim("ftjob-1", new JobSource("azure", "r.openai.azure.com", "x", null)));
    assertTrue(e.getMessage().startsWith(folder.resolve("source.json") + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("openai (api.openai.com)"), e.getMessage());
    assertTrue(e.getMessage().contains("azure (r.openai.azure.com)"), e.getMessage());
    assertThrows(
        ArchiveConflictException.class,
        () -> archive.claim("ftjob-1", new JobSource("openai", "127.0.0.1", null, null)));
  }
}
