package dev.openaift.report;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes a report's files as one set: each file goes to a hidden staging folder inside the report
 * folder ({@code .report-XXXX.tmp/}), and only {@link #commit()} moves them into place. Before
 * moving anything, commit checks that every target can be replaced (not a folder); while moving,
 * each file it replaces is first set aside in {@code .report-XXXX.old/}, and a failed move puts
 * every replaced file back. So a failure at any point before or during the swap (a full disk while
 * rendering, an {@code index.html} that is a folder) leaves the old report whole, or nothing new.
 *
 * <p>Only the report's own files are touched: a job folder also holds the archive's inputs ({@code
 * job.json}, {@code events.jsonl}, {@code results.csv}, ...), which are never moved. A kill during
 * the swap itself (a few renames) can leave a mix; the next run rewrites the set and removes the
 * staging folders a killed run left behind.
 *
 * <p>Each writer's staging folders are its own: a random name, and beside them {@code
 * .report-XXXX.lock}, created and locked (an OS file lock, dropped by the OS when the process dies)
 * before the folders exist and deleted after them. Leftovers are removed only when their lock can
 * be taken, so a second writer into the same folder never removes the staging of a live one.
 */
public final class StagedOutput implements AtomicFileOutput, AutoCloseable {
  private static final String PREFIX = ".report-";

  private final Path root;
  private final Path staging;
  private final Path backup;
  private static final String LOCK = ".lock";

  /** The lock files of this JVM's live writers (a JVM can lock a file only once). */
  private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

  private final TreeMap<String, Path> staged = new TreeMap<>();
  private final Path lockFile;
  private final FileChannel lockChannel;

  public StagedOutput(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    Files.createDirectories(this.root);
    Path file;
    FileChannel channel;
    while (true) {
      String id = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
      file = this.root.resolve(PREFIX + id + LOCK);
      try {
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException taken) {
        continue; // another writer's name: draw again
      }
      LIVE.add(file);
      try {
        channel.lock();
      } catch (IOException | RuntimeException e) {
        LIVE.remove(file);
        channel.close();
        Files.deleteIfExists(file);
        throw e;
      }
      if (Files.exists(file)) {
        break;
      }
      // another run's clean-up took the lock file between its creation and our lock: draw again
      LIVE.remove(file);
      channel.close();
    }
    this.lockFile = file;
    this.lockChannel = channel;
    String name = file.getFileName().toString();
    String stem = name.substring(0, name.length() - LOCK.length());
    this.staging = this.root.resolve(stem + ".tmp");
    this.backup = this.root.resolve(stem + ".old");
    removeLeftovers(this.root);
  }

  /** The staged file for {@code path}; its target is noted for {@link #commit}. */
  @Override
  public Path fileFor(String path) {
    Path target = new DirectoryOutput(root).fileFor(path);
    staged.put(path, target);
    return staging.resolve(root.relativize(target));
  }

  /**
   * Moves every staged file into place, {@code index.html} last; on failure puts back what was
   * replaced and removes what was added.
   */
  public void commit() throws IOException {
    List<String> order = new ArrayList<>(staged.keySet());
    if (order.remove(ReportRenderer.HTML_FILE)) {
      order.add(ReportRenderer.HTML_FILE);
    }
    for (String path : order) {
      Path target = staged.get(path);
      if (Files.isDirectory(target)) {
        throw new FileSystemException(
            target.toString(), null, "is a folder, cannot be replaced by the report's file");
      }
    }
    List<Path> added = new ArrayList<>();
    List<String> setAside = new ArrayList<>();
    try {
      for (String path : order) {
        Path target = staged.get(path);
        Path relative = root.relativize(target);
        if (Files.exists(target)) {
          Files.createDirectories(backup.resolve(relative).getParent());
          move(target, backup.resolve(relative));
          setAside.add(path);
        }
        Files.createDirectories(target.getParent());
        move(staging.resolve(relative), target);
        added.add(target);
      }
    } catch (IOException e) {
      for (Path p : added) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException undo) {
          e.addSuppressed(undo);
        }
      }
      for (String path : setAside) {
        Path target = staged.get(path);
        try {
          move(backup.resolve(root.relativize(target)), target);
        } catch (IOException undo) {
          e.addSuppressed(undo);
        }
      }
      throw e;
    }
  }

  /**
   * Removes the staging and set-aside folders (after a commit, or after a failure), then its lock.
   */
  @Override
  public void close() throws IOException {
    try {
      deleteTree(staging);
      deleteTree(backup);
    } finally {
      try {
        lockChannel.close();
        Files.deleteIfExists(lockFile);
      } finally {
        LIVE.remove(lockFile);
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Removes the staging folders and lock files of writers that are gone: folders whose lock file is
   * missing (a writer of an older version), and folders and lock files whose lock can be taken (its
   * process died, perhaps before it made its folders or after another run removed them).
   */
  private static void removeLeftovers(Path root) throws IOException {
    List<Path> left;
    try (Stream<Path> s = Files.list(root)) {
      left =
          s.filter(
                  p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith(PREFIX)
                        && (Files.isDirectory(p) || (n.endsWith(LOCK) && Files.isRegularFile(p)));
                  })
              .toList();
    }
    for (Path p : left) {
      String name = p.getFileName().toString();
      int dot = name.lastIndexOf('.');
      Path lock = root.resolve(name.substring(0, dot) + LOCK);
      if (!Files.exists(lock)) {
        deleteTree(p);
        continue;
      }
      if (LIVE.contains(lock)) {
        continue;
      }
      try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE)) {
        FileLock l = ch.tryLock();
        if (l == null) {
          continue; // a live writer in another process
        }
        try {
          deleteTree(root.resolve(name.substring(0, dot) + ".tmp"));
          deleteTree(root.resolve(name.substring(0, dot) + ".old"));
          Files.deleteIfExists(lock);
        } finally {
          l.release();
        }
      } catch (NoSuchFileException | OverlappingFileLockException gone) {
        // removed by its writer meanwhile, or held in this JVM
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
