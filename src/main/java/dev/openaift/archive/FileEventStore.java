package dev.openaift.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.openaift.follow.EventStore;
import dev.openaift.job.InputFileException;
import dev.openaift.job.JobEvent;
import dev.openaift.job.JobFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An {@link EventStore} kept in a JSON-lines file ({@code reports/<job-id>/events.jsonl}), one event
 * per line in the order they were seen (oldest first).
 *
 * <p>Opening reads the events already in the file. A last line without its line break (a run killed
 * while writing) is kept when it is a whole event and completed with a line break, otherwise cut off;
 * an event id present twice is kept once. Each {@link #append} writes its batch in one write, then
 * forces it to disk before returning, so an event reported to the user is on disk, and an event on
 * disk is never reported again by a later run. Writes are appends at the file's current end; two runs
 * on the same job at once may both store an event, and readers keep one of each id.
 */
public final class FileEventStore implements EventStore, AutoCloseable {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private final Path file;
  private final FileChannel channel;
  private final Set<String> ids = new HashSet<>();
  private final List<JobEvent> events = new ArrayList<>();

  private FileEventStore(Path file, FileChannel channel, List<JobEvent> stored) {
    this.file = file;
    this.channel = channel;
    for (JobEvent e : stored) {
      if (ids.add(e.id())) {
        events.add(e);
      }
    }
  }

  /**
   * Opens (creating the file and its folder if needed) and loads the stored events.
   *
   * @throws InputFileException when a complete line of the file is not an event
   */
  public static FileEventStore open(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      List<JobEvent> stored;
      try (FileChannel rw = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE)) {
        stored = load(file, rw);
      }
      // Appends go to the end of the file as it is at each write, even if another run appended too.
      FileChannel appender = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      return new FileEventStore(file, appender, stored);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<JobEvent> load(Path file, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size > Integer.MAX_VALUE - 16) {
      throw new InputFileException(file, "too large to load (" + size + " bytes)");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) size);
    while (buf.hasRemaining() && channel.read(buf, buf.position()) >= 0) {
      // read it all
    }
    byte[] bytes = buf.array();
    List<JobEvent> out = new ArrayList<>();
    int start = 0;
    long lineNo = 0;
    while (start < bytes.length) {
      int nl = indexOf(bytes, (byte) '\n', start);
      lineNo++;
      boolean complete = nl >= 0;
      int end = complete ? nl : bytes.length;
      String line = new String(bytes, start, end - start, StandardCharsets.UTF_8).strip();
      if (!line.isEmpty()) {
        JobEvent e = parse(line);
        if (e != null) {
          out.add(e);
        } else if (complete) {
          throw new InputFileException(file, lineNo, 0,
              "not an event; delete this line (or the file) and run again to fetch the events anew");
        }
        if (!complete) {
          if (e == null) {
            channel.truncate(start);
          } else {
            channel.write(ByteBuffer.wrap(new byte[] {'\n'}), bytes.length);
          }
          channel.force(false);
        }
      }
      start = complete ? nl + 1 : bytes.length;
    }
    return out;
  }

  private static JobEvent parse(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      return JobFiles.eventFromJson(node);
    } catch (JsonProcessingException | IllegalArgumentException notAnEvent) {
      return null;
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

  /** Writes the events not stored yet as one batch and forces it to disk. */
  @Override
  public synchronized void append(List<JobEvent> newEventsOldestFirst) {
    StringBuilder b = new StringBuilder();
    List<JobEvent> added = new ArrayList<>();
    Set<String> batch = new HashSet<>();
    for (JobEvent e : newEventsOldestFirst) {
      if (!ids.contains(e.id()) && batch.add(e.id())) {
        b.append(JobFiles.eventToJsonLine(e)).append('\n');
        added.add(e);
      }
    }
    if (added.isEmpty()) {
      return;
    }
    ByteBuffer bytes = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
    }
    ids.addAll(batch);
    events.addAll(added);
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
