package dev.openaift.io;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * An append-only file of JSON lines, one entry per key, that a run writes as it goes and a rerun
 * continues (recorded answers, generated answers).
 *
 * <p>Opening takes an exclusive lock on the file for as long as the log is open (a second run on
 * the same file gets the caller's conflict exception), then loads the entries already written. A
 * last line without its line break (a run killed while writing) is kept and completed when it is a
 * whole entry, otherwise cut off; a complete line that is not an entry stops everything ({@link
 * InputFileException} with its line number) rather than being guessed at. When a key appears twice
 * the first entry wins.
 *
 * <p>{@link #append} writes one whole line in one write and forces it to disk before returning
 * ({@link AppendOnly}), so an entry reported as written survives a kill, and a key already in the
 * log is never written again.
 *
 * @param <K> the key of an entry (an example's index; a judge's question)
 * @param <T> the entry
 */
public final class JsonLinesLog<K extends Comparable<K>, T> implements AutoCloseable {
  /** How entries are read, written and keyed. */
  public interface Codec<K, T> {
    /** The entry of one line; {@link IllegalArgumentException} (saying why) when it is not one. */
    T parse(String line);

    /** One line, without its line break. */
    String line(T entry);

    K key(T entry);
  }

  private final Path file;
  private final Codec<K, T> codec;

  /**
   * Appends go through the file, not the channel: a worker interrupted while writing must not close
   * it.
   */
  private final RandomAccessFile raf;

  private final FileChannel channel;
  private final FileLock lock;
  private final Map<K, T> entries = new TreeMap<>();
  private long size;
  private boolean repaired;

  private JsonLinesLog(Path file, Codec<K, T> codec, RandomAccessFile raf, FileLock lock) {
    this.file = file;
    this.codec = codec;
    this.raf = raf;
    this.channel = raf.getChannel();
    this.lock = lock;
  }

  /**
   * Opens (creating) {@code file} and loads it.
   *
   * @param busy the exception to throw when another run holds the file
   * @param beforeLoad run once the lock is held, before the entries are read (to check a header);
   *     may be null
   * @param unusable what to tell about a complete line that is not an entry, given the parser's
   *     reason: {@code "not a recorded answer (" + why + "); delete this line ..."}
   */
  public static <K extends Comparable<K>, T> JsonLinesLog<K, T> open(
      Path file,
      Codec<K, T> codec,
      Supplier<RuntimeException> busy,
      Runnable beforeLoad,
      java.util.function.UnaryOperator<String> unusable) {
    RandomAccessFile raf = null;
    // a file channel closes itself when its thread is interrupted: a Ctrl-C that came just before
    // (it is handled where the run next waits) must not make the log unreadable
    boolean interrupted = Thread.interrupted();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      raf = new RandomAccessFile(file.toFile(), "rw");
      FileLock lock;
      try {
        lock = raf.getChannel().tryLock();
      } catch (OverlappingFileLockException sameProcess) {
        lock = null;
      }
      if (lock == null) {
        throw busy.get();
      }
      if (beforeLoad != null) {
        beforeLoad.run();
      }
      JsonLinesLog<K, T> log = new JsonLinesLog<>(file, codec, raf, lock);
      log.load(unusable);
      return log;
    } catch (IOException e) {
      close(raf);
      throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close(raf);
      throw e;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void load(java.util.function.UnaryOperator<String> unusable) throws IOException {
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
      T entry = null;
      String problem = null;
      if (!line.isEmpty()) {
        try {
          entry = codec.parse(line);
        } catch (IllegalArgumentException e) {
          problem = e.getMessage();
        }
      }
      if (!complete && !line.isEmpty()) {
        repaired = true;
        if (entry == null) {
          channel.truncate(start);
          size = start;
        } else {
          channel.write(ByteBuffer.wrap(new byte[] {'\n'}), length);
          size = length + 1;
        }
        channel.force(false);
      } else if (problem != null) {
        throw new InputFileException(file, lineNo, 0, unusable.apply(problem));
      }
      if (entry != null) {
        entries.putIfAbsent(codec.key(entry), entry);
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

  public Path file() {
    return file;
  }

  /** Whether opening cut off or completed a last line left by a killed run. */
  public boolean repaired() {
    return repaired;
  }

  /** The entry of {@code key}, or null. */
  public synchronized T get(K key) {
    return entries.get(key);
  }

  public synchronized boolean contains(K key) {
    return entries.containsKey(key);
  }

  public synchronized int size() {
    return entries.size();
  }

  /** The entries in key order. */
  public synchronized List<T> entries() {
    return Collections.unmodifiableList(new ArrayList<>(entries.values()));
  }

  /**
   * Appends one entry as one line and forces it to disk. A key already in the log is not written
   * again (returns false).
   *
   * @throws UncheckedIOException when writing fails (the file is cut back to its last whole line)
   */
  public synchronized boolean append(T entry) {
    K key = codec.key(entry);
    if (entries.containsKey(key)) {
      return false;
    }
    try {
      size =
          AppendOnly.appendSynced(
              raf, size, (codec.line(entry) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
    }
    entries.put(key, entry);
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
    close(raf);
  }

  private static void close(RandomAccessFile raf) {
    if (raf != null) {
      try {
        raf.close();
      } catch (IOException ignored) {
        // nothing left to save
      }
    }
  }
}
