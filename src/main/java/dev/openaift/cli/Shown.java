package dev.openaift.cli;

import java.nio.file.Path;

/** How paths are printed to users. */
final class Shown {
  private Shown() {}

  /** A path as users typed it: relative to the working folder when inside it, else absolute. */
  static String path(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path cwd = Path.of("").toAbsolutePath().normalize();
    return abs.startsWith(cwd) && !abs.equals(cwd)
        ? cwd.relativize(abs).toString()
        : abs.toString();
  }
}
