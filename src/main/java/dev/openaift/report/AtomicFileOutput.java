package dev.openaift.report;

import dev.openaift.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/** A report output on disk: every file is written atomically to the file {@link #fileFor} names. */
interface AtomicFileOutput extends ReportOutput {
  /** The file a write of the relative {@code path} goes to. */
  Path fileFor(String path);

  @Override
  default void write(String path, byte[] content) throws IOException {
    AtomicFiles.write(fileFor(path), content);
  }

  @Override
  default void write(String path, AtomicFiles.Content content) throws IOException {
    AtomicFiles.write(fileFor(path), content);
  }
}
