package dev.openaift.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.follow.EventStore;
import dev.openaift.io.AppendOnly;
import dev.openaift.io.InputFileException;
import dev.openaift.io.Json;
import dev.openaift.io.JsonErrors;
import dev.openaift.job.JobEvent;
import dev.openaift.job.JobFiles;
import dev.openaift.job.JobJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link EventStore} kept in a JSON-lines file ({@code reports/<job-id>/events.jsonl}), one
 * event per line in the order they were seen (oldest first).
 *
 * <p>Opening reads the events already in the file. A last line without its line break (a run killed
 * while writing) is kept when it is a whole event and completed with a line break, otherwise cut
 * off; an event id present twice is kept once. Each {@link #append} writes its batch in one write,
 * then forces it to disk before returning, so an event reported to the user is on disk, and an
 * event on disk is never reported again by a later run.
 *
 * <p>Two runs on the same job at once (a {@code follow} and a {@code report --all}, two reports)
 * share the file safely: loading and appending hold an exclusive lock on it (a file lock between
 * processes, a monitor within one), and an append first reads what other runs added since, so each
 * event is written once. A write that fails half way (a full disk) is cut back off, leaving whole
 * lines only.
 *
 * <p>The pages of a read still paging back through a backlog are kept in {@code
 * events.jsonl.partial} ({@link #hold}), so a run killed in the middle of a long first read keeps
 * them; the next read continues below them, and its {@link #append} removes the file.
 */
public final class FileEventStore implements EventStore, AutoCloseable {
  private static final ObjectMapper JSON = Json.mapper();

  /**
   * File locks belong to the whole JVM (a second one throws), so runs within one JVM queue here.
   */
  private static final ConcurrentHashMap<Path, Object> MONITORS = new ConcurrentHashMap<>();

  private final Path file;
  private final FileChannel channel;
  private final Object monitor;
  private final Set<String> ids = new HashSet<>();
  private final List<JobEvent> events = new ArrayList<>();

  /** Bytes of the file read so far, and how many lines they held. */
  private long known;

  private long lines;

  private FileEventStore(Path file, FileChannel channel, Object monitor) {
    this.file = file;
    this.channel = channel;
    this.monitor = monitor;
  }

  /**
   * Opens (creating the file and its folder if needed) and loads the stored events.
   *
   * @throws InputFileException when a complete line of the file is not an event
   */
  public static FileEventStore open(Path file) {
    FileChannel channel = null;
    try {
      Path abs = file.toAbsolutePath().normalize();
      Files.createDirectories(abs.getParent());
      channel =
          FileChannel.open(
              abs, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileEventStore store =
          new FileEventStore(file, channel, MONITORS.computeIfAbsent(abs, k -> new Object()));
      store.locked(store::readTail);
      return store;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  @FunctionalInterface
  private interface Locked {
    void run() throws IOException;
  }

  private void locked(Locked action) throws IOException {
    synchronized (monitor) {
      try (FileLock lock = channel.lock()) {
        action.run();
      }
    }
  }

  /**
   * Reads the lines past {@link #known} (all of them when opening; what other runs appended later),
   * keeping the events not seen yet. Called with the lock held, so no other run is writing: a last
   * line without its line break is a killed run's, completed when whole, else cut off.
   */
  private void readTail() throws IOException {
    long size = channel.size();
    if (size - known > Integer.MAX_VALUE - 16) {
      throw new InputFileException(file, "too large to load (" + size + " bytes)");
    }
    if (size <= known) {
      return;
    }
    ByteBuffer buf = ByteBuffer.allocate((int) (size - known));
    while (buf.hasRemaining() && channel.read(buf, known + buf.position()) >= 0) {
      // read it all
    }
    byte[] bytes = buf.array();
    int start = 0;
    long end = size;
    while (start < bytes.length) {
      int nl = indexOf(bytes, (byte) '\n', start);
      lines++;
      boolean complete = nl >= 0;
      int stop = complete ? nl : bytes.length;
      String line = new String(bytes, start, stop - start, StandardCharsets.UTF_8).strip();
      if (!line.isEmpty()) {
        JobEvent e = parse(line);
        if (e != null) {
          if (ids.add(e.id())) {
            events.add(e);
          }
        } else if (complete) {
          throw new InputFileException(
              file,
              lines,
              0,
              problem(line)
                  + "; delete this line (or the file) and run again to fetch the events anew");
        }
        if (!complete) {
          if (e == null) {
            end = known + start;
            channel.truncate(end);
          } else {
            channel.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
            end = size + 1;
          }
          channel.force(false);
        }
      }
      start = complete ? nl + 1 : bytes.length;
    }
    known = end;
  }

  private static JobEvent parse(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      return JobJson.eventFromJson(node);
    } catch (JsonProcessingException | IllegalArgumentException notAnEvent) {
      return null;
    }
  }

  /** Why {@link #parse} refused a line, in {@link JobFiles}' words. */
  private static String problem(String line) {
    try {
      JobJson.eventFromJson(JSON.readTree(line));
      return "not an event";
    } catch (JsonProcessingException ex) {
      return JsonErrors.describe(ex);
    } catch (IllegalArgumentException ex) {
      return ex.getMessage();
    }
  }

  private static int indexOf(byte[] b, byte c, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized boolean contains(String eventId) {
    return ids.contains(eventId);
  }

  /**
   * Writes the events not stored yet (by this run or, since, by another) as one batch at the file's
   * end and forces it to disk. When the write fails, the file is cut back to what it was.
   */
  @Override
  public synchronized void append(List<JobEvent> newEventsOldestFirst) {
    if (newEventsOldestFirst.isEmpty() && !Files.exists(heldFile())) {
      return;
    }
    try {
      locked(
          () -> {
            readTail();
            StringBuilder b = new StringBuilder();
            List<JobEvent> added = new ArrayList<>();
            Set<String> batch = new HashSet<>();
            for (JobEvent e : newEventsOldestFirst) {
              if (!ids.contains(e.id()) && batch.add(e.id())) {
                b.append(JobJson.eventToJsonLine(e)).append('\n');
                added.add(e);
              }
            }
            if (added.isEmpty()) {
              Files.deleteIfExists(heldFile());
              return;
            }
            known =
                AppendOnly.appendSynced(
                    channel, known, b.toString().getBytes(StandardCharsets.UTF_8));
            lines += added.size();
            ids.addAll(batch);
            events.addAll(added);
            Files.deleteIfExists(heldFile());
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Where {@link #hold} keeps the pages of an unfinished read: {@code events.jsonl.partial} beside
   * the file.
   */
  private Path heldFile() {
    return file.resolveSibling(file.getFileName() + ".partial");
  }

  /** Appends the page to {@code events.jsonl.partial} and forces it to disk. */
  @Override
  public synchronized void hold(List<JobEvent> pageNewestFirst) {
    if (pageNewestFirst.isEmpty()) {
      return;
    }
    StringBuilder b = new StringBuilder();
    for (JobEvent e : pageNewestFirst) {
      b.append(JobJson.eventToJsonLine(e)).append('\n');
    }
    try {
      locked(
          () -> {
            try (FileChannel held =
                FileChannel.open(
                    heldFile(),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
              ByteBuffer bytes = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
              while (bytes.hasRemaining()) {
                held.write(bytes);
              }
              held.force(false);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + heldFile() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The events in {@code events.jsonl.partial} not stored since, in its order; a line that is not a
   * whole event (a run killed while writing it) is skipped.
   */
  @Override
  public synchronized List<JobEvent> held() {
    List<JobEvent> held = new ArrayList<>();
    try {
      locked(
          () -> {
            readTail();
            if (!Files.isRegularFile(heldFile())) {
              return;
            }
            Set<String> seen = new HashSet<>();
            for (String line : Files.readAllLines(heldFile(), StandardCharsets.UTF_8)) {
              JobEvent e = line.isBlank() ? null : parse(line.strip());
              if (e != null && !ids.contains(e.id()) && seen.add(e.id())) {
                held.add(e);
              }
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + heldFile() + ": " + e.getMessage(), e);
    }
    return held;
  }

  @Override
  public synchronized int size() {
    return events.size();
  }

  /** Every stored event, in file order (oldest first). */
  public synchronized List<JobEvent> events() {
    return List.copyOf(events);
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
    }
  }
}
