package dev.openaift.io;

import java.nio.file.Path;

/** How a path is printed for people: relative to the working folder when inside it. */
public final class ShownPath {
  private ShownPath() {}

  /** {@code p} relative to the working folder when it lies below it, else absolute. */
  public static String of(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path cwd = Path.of("").toAbsolutePath().normalize();
    return abs.startsWith(cwd) && !abs.equals(cwd)
        ? cwd.relativize(abs).toString()
        : abs.toString();
  }
}
