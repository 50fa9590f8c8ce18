package dev.openaift.lifecycle;

import dev.openaift.io.InputFileException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A training or validation file as given on the command line: a local file to check and upload, or
 * the id of a file already uploaded ({@code file-...}). A local file of that name wins over an id.
 *
 * @param given what the user typed
 * @param local the local file, or null when {@code given} is an uploaded file's id
 */
public record FileRef(String given, Path local) {

  /**
   * @throws InputFileException when {@code given} is neither an existing local file nor a file id
   */
  public static FileRef parse(String given) {
    Path path = null;
    try {
      path = Path.of(given);
    } catch (InvalidPathException notAPath) {
      // an id, or nothing
    }
    if (path != null && Files.isRegularFile(path)) {
      return new FileRef(given, path);
    }
    if (given.startsWith("file-") && given.indexOf('/') < 0 && given.indexOf('\\') < 0) {
      return new FileRef(given, null);
    }
    throw new InputFileException(
        path == null ? Path.of(".") : path,
        "no such file (and not an uploaded file's id, which starts with file-)");
  }

  public boolean isLocal() {
    return local != null;
  }
}
