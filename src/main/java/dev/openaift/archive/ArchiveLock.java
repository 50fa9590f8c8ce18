package dev.openaift.archive;

import dev.openaift.api.ApiException;
import dev.openaift.io.Echo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The write lock of one archive: one run at a time writes into it. Between processes it is an OS
 * file lock on {@code <archive>/.openai-ft.lock} (the OS drops it when a process dies, so a kill
 * never leaves the archive locked); the holder writes {@code pid N: what} into the file so that a
 * waiting run can say what it waits for. Within one JVM a process can hold a file lock only once,
 * so runs ({@link Archive} instances) queue on this object's monitor first. A run that holds the
 * lock takes it again freely, from any of its threads (a backup's worker threads, a report inside a
 * backup), and the OS lock is released when its outermost hold ends.
 */
final class ArchiveLock {
  /** The lock file in the archive root. */
  static final String FILE = ".openai-ft.lock";

  private static final ConcurrentHashMap<Path, ArchiveLock> BY_FILE = new ConcurrentHashMap<>();

  private final Path file;

  // guarded by this
  private Object owner;
  private String ownerWhat;
  private int holds;
  private FileChannel channel;
  private FileLock osLock;

  private ArchiveLock(Path file) {
    this.file = file;
  }

  /** The lock of the archive at {@code root} (created if needed, so that it can hold the file). */
  static ArchiveLock of(Path root) {
    return at(root, FILE);
  }

  /**
   * A lock of its own on one record of an archive, the file {@code name} in {@code folder} (created
   * if needed): the same rules as the archive's lock, for work that takes long and touches that
   * record alone ({@link LaunchRecord}: an upload and a create).
   */
  static ArchiveLock at(Path folder, String name) {
    Path key;
    try {
      Files.createDirectories(folder);
      key = folder.toRealPath().resolve(name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + folder + ": " + e.getMessage(), e);
    }
    return BY_FILE.computeIfAbsent(key, ArchiveLock::new);
  }

  /**
   * Takes the lock for {@code owner}. When another run holds it: with {@code wait}, says so in one
   * line to {@code notices} and waits; without, returns false at once.
   *
   * @throws ApiException of kind INTERRUPTED when interrupted while waiting
   */
  boolean acquire(Object owner, String what, boolean wait, Consumer<String> notices) {
    boolean told = false;
    synchronized (this) {
      if (this.owner == owner) {
        holds++;
        return true;
      }
      while (this.owner != null) {
        if (!wait) {
          return false;
        }
        if (!told) {
          notices.accept(waiting("this process: " + Echo.message(ownerWhat)));
          told = true;
        }
        try {
          this.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw interrupted();
        }
      }
      this.owner = owner;
      this.ownerWhat = what;
      this.holds = 1;
    }
    FileChannel ch = null;
    try {
      ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l == null) {
        if (!wait) {
          ch.close();
          abandon();
          return false;
        }
        if (!told) {
          notices.accept(waiting(holder()));
        }
        l = ch.lock();
      }
      ch.truncate(0);
      ch.write(
          ByteBuffer.wrap(
              ("pid " + ProcessHandle.current().pid() + ": " + what + "\n")
                  .getBytes(StandardCharsets.UTF_8)),
          0);
      synchronized (this) {
        channel = ch;
        osLock = l;
      }
      return true;
    } catch (ClosedByInterruptException e) {
      abandon();
      Thread.currentThread().interrupt();
      throw interrupted();
    } catch (IOException e) {
      closeQuietly(ch);
      abandon();
      throw new UncheckedIOException(
          "cannot lock the archive (" + file + "): " + e.getMessage(), e);
    } catch (OverlappingFileLockException e) {
      // this JVM holds the file lock through another path to the same folder
      closeQuietly(ch);
      abandon();
      throw new UncheckedIOException(
          "cannot lock the archive (" + file + "): this process holds it under another path",
          new IOException(e));
    } catch (RuntimeException e) {
      closeQuietly(ch);
      abandon();
      throw e;
    }
  }

  /** Ends one hold of {@code owner}; the last one releases the OS lock and wakes waiting runs. */
  synchronized void release(Object owner) {
    if (this.owner != owner || holds == 0) {
      return;
    }
    if (--holds > 0) {
      return;
    }
    try {
      if (osLock != null) {
        channel.truncate(0);
        osLock.release();
      }
    } catch (IOException ignored) {
      // closing the channel below releases the lock all the same
    } finally {
      closeQuietly(channel);
      channel = null;
      osLock = null;
      this.owner = null;
      this.ownerWhat = null;
      notifyAll();
    }
  }

  private synchronized void abandon() {
    owner = null;
    ownerWhat = null;
    holds = 0;
    notifyAll();
  }

  /** What the holder wrote into the lock file ({@code pid N: what}), shown safely. */
  private String holder() {
    try {
      String s = Files.readString(file, StandardCharsets.UTF_8).strip();
      return s.isEmpty() ? "another process" : Echo.message(s);
    } catch (IOException | RuntimeException unreadable) {
      return "another process";
    }
  }

  private String waiting(String holder) {
    return "waiting for another openai-ft run to finish writing into "
        + file.getParent()
        + " ("
        + holder
        + ")";
  }

  private ApiException interrupted() {
    return new ApiException(
        ApiException.Kind.INTERRUPTED,
        "interrupted while waiting for another run to finish writing into " + file.getParent());
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing was written through it that could be lost
      }
    }
  }
}
