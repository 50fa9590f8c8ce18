package dev.openaift.archive;

import dev.openaift.io.InputFileException;
import java.nio.file.Path;

/**
 * The archive already holds something else under the name a run would write: a job of the same id
 * from another provider or host. One line naming the archived file; exit code 5 like any local file
 * that cannot be used, and nothing is written.
 */
public final class ArchiveConflictException extends InputFileException {
  private static final long serialVersionUID = 1L;

  public ArchiveConflictException(Path file, String problem) {
    super(file, problem);
  }
}
