package dev.openaift.report;

import java.io.IOException;

/** Where report files go: a folder on disk, or memory in tests. */
public interface ReportOutput {
  /**
   * Stores one file.
   *
   * @param path relative path with forward slashes, e.g. {@code figures/loss.png}
   */
  void write(String path, byte[] content) throws IOException;
}
