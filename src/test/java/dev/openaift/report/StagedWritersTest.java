package dev.openaift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two report writers into one folder at once: each keeps its own staging. */
class StagedWritersTest {
  @TempDir Path tmp;

  @Test
  void aSecondWriterLeavesTheFirstOnesStagingAlone() throws Exception {
    Path folder = tmp.resolve("ftjob-1");
    try (StagedOutput first = new StagedOutput(folder)) {
      first.write("metrics.csv", "step\n1\n".getBytes(StandardCharsets.UTF_8));
      try (StagedOutput second = new StagedOutput(folder)) {
        second.write("metrics.csv", "step\n2\n".getBytes(StandardCharsets.UTF_8));
        second.commit();
      }
      first.commit();
    }
    assertEquals("step\n1\n", Files.readString(folder.resolve("metrics.csv")));
    try (Stream<Path> left = Files.list(folder)) {
      assertEquals(1, left.count(), "staging folders and their locks are gone once both are done");
    }
  }

  @Test
  void aKilledWritersStagingIsRemovedByTheNext() throws Exception {
    Path folder = tmp.resolve("ftjob-1");
    Path dead = folder.resolve(".report-0123abcd.tmp");
    Files.createDirectories(dead);
    Files.writeString(dead.resolve("metrics.csv"), "half");
    Files.writeString(folder.resolve(".report-0123abcd.lock"), "");
    Path older = folder.resolve(".report-4567.tmp");
    Files.createDirectories(older);
    try (StagedOutput next = new StagedOutput(folder)) {
      assertFalse(Files.exists(dead), "its lock was free: the writer is gone");
      assertFalse(Files.exists(folder.resolve(".report-0123abcd.lock")));
      assertFalse(Files.exists(older), "a staging folder without a lock (an older version's)");
      next.write("summary.json", "{}".getBytes(StandardCharsets.UTF_8));
      next.commit();
    }
    assertTrue(Files.isRegularFile(folder.resolve("summary.json")));
  }

  @Test
  void aLockLeftWithoutItsStagingIsRemovedByTheNext() throws Exception {
    // a writer killed after creating its lock and before making its staging folder, or whose
    // staging folder another run's clean-up removed after the writer died
    Path folder = tmp.resolve("ftjob-1");
    Files.createDirectories(folder);
    Path orphan = folder.resolve(".report-89abcdef.lock");
    Files.writeString(orphan, "");
    try (StagedOutput next = new StagedOutput(folder)) {
      assertFalse(Files.exists(orphan), "its lock was free: the writer is gone");
      next.write("summary.json", "{}".getBytes(StandardCharsets.UTF_8));
      next.commit();
    }
    try (Stream<Path> left = Files.list(folder)) {
      assertEquals(List.of(folder.resolve("summary.json")), left.toList());
    }
  }
}
