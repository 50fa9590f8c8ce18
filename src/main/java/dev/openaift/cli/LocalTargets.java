package dev.openaift.cli;

import dev.openaift.io.InputFileException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether a target on the command line is written as a local path, for the commands that take a
 * path or a job id in one place ({@code report}, {@code compare}). A job id is letters, digits,
 * {@code -}, {@code _} and {@code .}, never first ({@link dev.openaift.job.JobIds}), so a target
 * with a path separator or starting with {@code .} or {@code ~} can only be a path, and one ending
 * in a file suffix (.json, .jsonl, .csv) is meant as a file. Such a target that does not exist is a
 * missing file (exit 5), said as such: taken for a job id it was refused as "not a valid job id" or
 * sent to the API, which said nothing about the typo.
 */
final class LocalTargets {
  private LocalTargets() {}

  /** Whether {@code target} can only be meant as a path (see the class comment). */
  static boolean looksLikePath(String target) {
    String lower = target.toLowerCase(Locale.ROOT);
    return target.indexOf('/') >= 0
        || target.indexOf(File.separatorChar) >= 0
        || target.startsWith(".")
        || target.startsWith("~")
        || lower.endsWith(".json")
        || lower.endsWith(".jsonl")
        || lower.endsWith(".csv");
  }

  /** Fails (exit 5) when {@code target} is written as a path and nothing is there. */
  static void requireExistingIfPath(String target) {
    if (looksLikePath(target) && !Files.exists(Path.of(target))) {
      throw new InputFileException(Path.of(target), "no such file or directory");
    }
  }
}
