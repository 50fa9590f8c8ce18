package dev.openaift.report;

import dev.openaift.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes files under a folder, each atomically: to a temporary file in the target's own folder,
 * then renamed over the target, so a reader never sees half a file and an interrupted run leaves
 * the previous version in place.
 */
public final class DirectoryOutput implements ReportOutput {
  private final Path root;

  public DirectoryOutput(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  @Override
  public void write(String path, byte[] content) throws IOException {
    AtomicFiles.write(resolve(path), content);
  }

  @Override
  public void write(String path, AtomicFiles.Content content) throws IOException {
    AtomicFiles.write(resolve(path), content);
  }

  /** The target of a relative path, refusing absolute paths and any that leave the folder. */
  Path resolve(String path) {
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
