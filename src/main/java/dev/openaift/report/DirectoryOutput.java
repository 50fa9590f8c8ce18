package dev.openaift.report;

import java.nio.file.Path;

/**
 * Writes files under a folder, each atomically: to a temporary file in the target's own folder,
 * then renamed over the target, so a reader never sees half a file and an interrupted run leaves
 * the previous version in place.
 */
public final class DirectoryOutput implements AtomicFileOutput {
  private final Path root;

  public DirectoryOutput(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** The target of a relative path, refusing absolute paths and any that leave the folder. */
  @Override
  public Path fileFor(String path) {
    if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
      throw new IllegalArgumentException(
          "report file path must be relative with forward slashes: " + path);
    }
    Path target = root.resolve(path).normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      throw new IllegalArgumentException("report file path leaves the output folder: " + path);
    }
    return target;
  }
}
