package dev.openaift.session;

import java.nio.file.Path;

/** A path as messages show it: relative to the working directory when inside it. */
final class ShownPath {
  private ShownPath() {}

  static String of(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path cwd = Path.of("").toAbsolutePath().normalize();
    return abs.startsWith(cwd) && !abs.equals(cwd)
        ? cwd.relativize(abs).toString()
        : abs.toString();
  }
}
