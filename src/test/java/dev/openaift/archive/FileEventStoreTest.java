package dev.openaift.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.io.InputFileException;
import dev.openaift.job.JobEvent;
import dev.openaift.job.JobFiles;
import dev.openaift.job.JobJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileEventStoreTest {
  @TempDir Path dir;

  private static JobEvent event(int i) {
    return new JobEvent(
        "ftevent-" + i,
        1_700_000_000L + i,
        "info",
        "Step " + i + "/9: training loss=0.5",
        "metrics",
        Map.of("step", i, "train_loss", 0.5));
  }

  private static List<JobEvent> events(int from, int to) {
    List<JobEvent> out = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      out.add(event(i));
    }
    return out;
  }

  private static List<JobEvent> newestFirst(int from, int to) {
    List<JobEvent> out = events(from, to);
    java.util.Collections.reverse(out);
    return out;
  }

  @Test
  void appendsOnceAndReloads() throws Exception {
    Path file = dir.resolve("job").resolve("events.jsonl");
    try (FileEventStore s = FileEventStore.open(file)) {
      assertEquals(0, s.size());
      s.append(events(1, 3));
      s.append(events(2, 5));
      assertEquals(5, s.size());
      assertTrue(s.contains("ftevent-4"));
    }
    assertEquals(5, Files.readAllLines(file).size());
    try (FileEventStore s = FileEventStore.open(file)) {
      assertEquals(
          events(1, 5).stream().map(JobEvent::id).toList(),
          s.events().stream().map(JobEvent::id).toList());
      s.append(events(5, 6));
    }
    assertEquals(6, Files.readAllLines(file).size());
    assertEquals(6, JobFiles.readEvents(file).size(), "the archive's reader reads it");
  }

  @Test
  void aReadThatFindsNothingNewDropsWhatAKilledRunHeld() throws Exception {
    Path file = dir.resolve("job").resolve("events.jsonl");
    Path held = file.resolveSibling("events.jsonl.partial");
    try (FileEventStore s = FileEventStore.open(file)) {
      s.hold(newestFirst(1, 3));
      s.append(events(1, 3));
      assertFalse(Files.exists(held), "a read's append drops what it held");
      // a run killed after storing the held events and before dropping them
      s.hold(newestFirst(2, 3));
    }
    byte[] stored = Files.readAllBytes(file);
    try (FileEventStore s = FileEventStore.open(file)) {
      assertEquals(List.of(), s.held(), "what is stored is not held again");
      s.append(List.of());
      assertFalse(Files.exists(held), "a read with nothing new ends it too");
    }
    assertEquals(new String(stored), Files.readString(file));
  }

  @Test
  void cutsOffAHalfWrittenLastLine() throws Exception {
    Path file = dir.resolve("events.jsonl");
    try (FileEventStore s = FileEventStore.open(file)) {
      s.append(events(1, 2));
    }
    Files.writeString(
        file, "{\"id\":\"ftevent-3\",\"created_at\":17000", StandardOpenOption.APPEND);
    try (FileEventStore s = FileEventStore.open(file)) {
      assertEquals(2, s.size());
      assertFalse(s.contains("ftevent-3"));
      s.append(events(3, 3));
    }
    assertEquals(
        List.of("ftevent-1", "ftevent-2", "ftevent-3"),
        JobFiles.readEvents(file).stream().map(JobEvent::id).toList());
    assertEquals(3, Files.readAllLines(file).size());
  }

  @Test
  void keepsAWholeLastLineThatLacksItsLineBreak() throws Exception {
    Path file = dir.resolve("events.jsonl");
    Files.writeString(
        file, JobJson.eventToJsonLine(event(1)) + "\n" + JobJson.eventToJsonLine(event(2)));
    try (FileEventStore s = FileEventStore.open(file)) {
      assertEquals(2, s.size());
      s.append(events(3, 3));
    }
    assertEquals(3, Files.readAllLines(file).size());
    assertEquals(3, JobFiles.readEvents(file).size());
  }

  @Test
  void duplicateLinesAreReadOnce() throws Exception {
    Path file = dir.resolve("events.jsonl");
    String line = JobJson.eventToJsonLine(event(1)) + "\n";
    Files.writeString(file, line + line + "\n");
    try (FileEventStore s = FileEventStore.open(file)) {
      assertEquals(1, s.size());
    }
  }

  @Test
  void twoRunsOnOneJobStoreEachEventOnce() throws Exception {
    // Two runs (follow, report --all) opened the same file; both fetch the same events.
    Path file = dir.resolve("job").resolve("events.jsonl");
    try (FileEventStore a = FileEventStore.open(file);
        FileEventStore b = FileEventStore.open(file)) {
      a.append(events(1, 3));
      b.append(events(1, 4));
      assertTrue(b.contains("ftevent-2"), "b sees what a stored");
      a.append(events(4, 5));
      assertEquals(5, a.size());
    }
    assertEquals(
        events(1, 5).stream().map(JobEvent::id).toList(),
        JobFiles.readEvents(file).stream().map(JobEvent::id).toList());
    assertEquals(5, Files.readAllLines(file).size(), "no event line twice in the file");
  }

  @Test
  void aBrokenCompleteLineIsAFileError() throws Exception {
    Path file = dir.resolve("events.jsonl");
    Files.writeString(
        file,
        JobJson.eventToJsonLine(event(1))
            + "\nnot json\n"
            + JobJson.eventToJsonLine(event(2))
            + "\n");
    InputFileException e = assertThrows(InputFileException.class, () -> FileEventStore.open(file));
    assertTrue(e.getMessage().contains(":2:"), e.getMessage());
  }

  @Test
  void archiveRefusesUnsafeIds() {
    Archive archive = new Archive(dir);
    for (String id : List.of("../x", "a/b", "..", ".git", "")) {
      assertThrows(IllegalArgumentException.class, () -> archive.folder(id), id);
    }
    assertEquals(dir.toAbsolutePath().normalize().resolve("ftjob-1"), archive.folder("ftjob-1"));
  }

  @Test
  void downsampleKeepsEnds() {
    double[] v = new double[1000];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    double[] d = dev.openaift.metrics.Sparkline.evenly(v, 1000, 60);
    assertEquals(60, d.length);
    assertEquals(0, d[0]);
    assertEquals(999, d[59]);
    assertEquals(5, dev.openaift.metrics.Sparkline.evenly(v, 5, 60).length);
  }

  @Test
  void decodesBase64ResultFiles() {
    byte[] csv = "step,train_loss\n1,0.5\n".getBytes();
    byte[] b64 = java.util.Base64.getEncoder().encode(csv);
    assertEquals(new String(csv), new String(JobArchiver.decoded(b64)));
    assertEquals(new String(csv), new String(JobArchiver.decoded(csv)));
  }
}
