package dev.openaift.report;

import dev.openaift.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Where report files go: a folder on disk, or memory in tests. */
public interface ReportOutput {
  /**
   * Stores one file.
   *
   * @param path relative path with forward slashes, e.g. {@code figures/loss.png}
   */
  void write(String path, byte[] content) throws IOException;

  /**
   * Stores one file whose content is produced while it is written (large tables), still atomically:
   * a failure part-way leaves no file behind. Outputs that keep files in memory collect it first.
   */
  default void write(String path, AtomicFiles.Content content) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    content.writeTo(buffer);
    write(path, buffer.toByteArray());
  }
}
