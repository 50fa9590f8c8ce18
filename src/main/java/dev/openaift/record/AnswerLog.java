package dev.openaift.record;

import dev.openaift.io.AppendOnly;
import dev.openaift.io.AtomicFiles;
import dev.openaift.job.InputFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A recording opened for writing: {@code header.json} plus the append-only {@code answers.jsonl}.
 *
 * <p>Opening takes an exclusive lock on {@code answers.jsonl} for as long as the log is open (a second
 * run on the same recording is refused with {@link RecordingConflictException}), writes the header when
 * there is none (atomically), or checks that the existing one asked the same way, then loads the
 * answers already recorded. A last line without its line break (a run killed while writing) is kept
 * and completed when it is a whole answer, otherwise cut off; a complete line that is not an answer
 * stops everything ({@link InputFileException} with its line number) rather than being guessed at.
 *
 * <p>{@link #append} writes one whole line in one write and forces it to disk before returning, so an
 * answer reported as recorded survives a kill, and an index already in the log is never written again.
 */
public final class AnswerLog implements AutoCloseable {
  private final Path dir;
  private final Path file;
  private final RecordingHeader header;
  private final FileChannel channel;
  private final FileLock lock;
  private final Map<Integer, RecordedAnswer> answers = new TreeMap<>();
  private long size;
  private boolean repaired;

  private AnswerLog(Path dir, RecordingHeader header, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.file = dir.resolve(Recordings.ANSWERS);
    this.header = header;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Opens (creating) the recording in {@code dir} for {@code wanted}'s model, data and parameters.
   *
   * @throws RecordingConflictException when another run holds the recording, or its header differs from
   *     {@code wanted} in model, data or parameters
   * @throws InputFileException when the header or a complete answer line cannot be read
   */
  public static AnswerLog open(Path dir, RecordingHeader wanted) {
    Path answersFile = dir.resolve(Recordings.ANSWERS);
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      channel = FileChannel.open(answersFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException sameProcess) {
        lock = null;
      }
      if (lock == null) {
        throw new RecordingConflictException("another openai-ft run is recording into " + dir + " right now;"
            + " wait for it to end (a rerun afterwards continues where it stopped)");
      }
      RecordingHeader header = header(dir, wanted);
      AnswerLog log = new AnswerLog(dir, header, channel, lock);
      log.load();
      return log;
    } catch (IOException e) {
      close(channel);
      throw new UncheckedIOException("cannot open " + answersFile + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close(channel);
      throw e;
    }
  }

  private static RecordingHeader header(Path dir, RecordingHeader wanted) throws IOException {
    Path file = dir.resolve(Recordings.HEADER);
    if (!Files.exists(file)) {
      AtomicFiles.write(file, RecordingJson.headerBytes(wanted));
      return wanted;
    }
    RecordingHeader existing;
    try {
      existing = RecordingJson.parseHeader(Files.readAllBytes(file));
    } catch (IllegalArgumentException e) {
      throw new InputFileException(file, e.getMessage());
    }
    if (!existing.sameRequestsAs(wanted)) {
      throw new RecordingConflictException(dir.resolve(Recordings.HEADER) + " was recorded with model "
          + existing.model() + ", " + parameters(existing) + "; this run asks " + wanted.model() + ", "
          + parameters(wanted) + ": use the same parameters to continue it, or another --reports-dir");
    }
    return existing;
  }

  static String parameters(RecordingHeader h) {
    return "temperature " + (h.temperature() == null ? "default" : h.temperature())
        + ", seed " + (h.seed() == null ? "none" : h.seed())
        + ", max tokens " + (h.maxTokens() == null ? "none" : h.maxTokens());
  }

  private void load() throws IOException {
    long length = channel.size();
    if (length > Integer.MAX_VALUE - 16) {
      throw new InputFileException(file, "too large to load (" + length + " bytes)");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) length);
    while (buf.hasRemaining() && channel.read(buf, buf.position()) >= 0) {
      // read it all
    }
    byte[] bytes = buf.array();
    int start = 0;
    long lineNo = 0;
    size = length;
    while (start < bytes.length) {
      int nl = indexOf(bytes, start);
      lineNo++;
      boolean complete = nl >= 0;
      int stop = complete ? nl : bytes.length;
      String line = new String(bytes, start, stop - start, StandardCharsets.UTF_8).strip();
      RecordedAnswer answer = null;
      String problem = null;
      if (!line.isEmpty()) {
        try {
          answer = RecordingJson.parseAnswer(line);
        } catch (IllegalArgumentException e) {
          problem = e.getMessage();
        }
      }
      if (answer != null && answer.index() >= header.examples() && header.examples() > 0) {
        problem = "example index " + answer.index() + " is beyond the data's " + header.examples() + " examples";
        answer = null;
      }
      if (!complete && !line.isEmpty()) {
        repaired = true;
        if (answer == null) {
          channel.truncate(start);
          size = start;
        } else {
          channel.write(ByteBuffer.wrap(new byte[] {'\n'}), length);
          size = length + 1;
        }
        channel.force(false);
      } else if (problem != null) {
        throw new InputFileException(file, lineNo, 0, "not a recorded answer (" + problem
            + "); delete this line and run again to ask that example anew");
      }
      if (answer != null) {
        answers.putIfAbsent(answer.index(), answer);
      }
      start = complete ? nl + 1 : bytes.length;
    }
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The recording's folder. */
  public Path dir() {
    return dir;
  }

  public RecordingHeader header() {
    return header;
  }

  /** Whether opening cut off or completed a last line left by a killed run. */
  public boolean repaired() {
    return repaired;
  }

  /** Whether the example with this index is recorded. */
  public synchronized boolean contains(int index) {
    return answers.containsKey(index);
  }

  /** How many examples are recorded. */
  public synchronized int size() {
    return answers.size();
  }

  /** The recorded answers by example index. */
  public synchronized List<RecordedAnswer> answers() {
    return Collections.unmodifiableList(new ArrayList<>(answers.values()));
  }

  /**
   * Appends one answer as one line and forces it to disk. An index already recorded is not written
   * again (returns false).
   *
   * @throws UncheckedIOException when writing fails (the file is cut back to its last whole line)
   */
  public synchronized boolean append(RecordedAnswer answer) {
    if (answers.containsKey(answer.index())) {
      return false;
    }
    try {
      size = AppendOnly.appendSynced(channel, size, (RecordingJson.answerLine(answer) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
    }
    answers.put(answer.index(), answer);
    return true;
  }

  @Override
  public synchronized void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    close(channel);
  }

  private static void close(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing left to save
      }
    }
  }
}
