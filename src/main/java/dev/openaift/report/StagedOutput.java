package dev.openaift.report;

import dev.openaift.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
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
 */
public final class StagedOutput implements ReportOutput, AutoCloseable {
  private static final String PREFIX = ".report-";

  private final Path root;
  private final Path staging;
  private final Path backup;
  private final TreeMap<String, Path> staged = new TreeMap<>();

  public StagedOutput(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    Files.createDirectories(this.root);
    removeLeftovers(this.root);
    String id = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    this.staging = this.root.resolve(PREFIX + id + ".tmp");
    this.backup = this.root.resolve(PREFIX + id + ".old");
  }

  @Override
  public void write(String path, byte[] content) throws IOException {
    AtomicFiles.write(stage(path), content);
  }

  @Override
  public void write(String path, AtomicFiles.Content content) throws IOException {
    AtomicFiles.write(stage(path), content);
  }

  private Path stage(String path) {
    Path target = new DirectoryOutput(root).resolve(path);
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

  /** Removes the staging and set-aside folders (after a commit, or after a failure). */
  @Override
  public void close() throws IOException {
    deleteTree(staging);
    deleteTree(backup);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void removeLeftovers(Path root) throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      for (Path p :
          s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(p))
              .toList()) {
        deleteTree(p);
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
