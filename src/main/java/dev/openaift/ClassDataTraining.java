package dev.openaift;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Build-time only: runs several command lines in one JVM, so that one class-data archive ({@code
 * -XX:ArchiveClassesAtExit}) holds the classes they all load. {@code build-launcher.sh} records the
 * report archive with it from a Trainer report and a result-file report. The command lines are
 * separated by a lone {@code ;;}. The first one that fails ends the run with its exit code, so the
 * build keeps no archive trained on an error path.
 */
public final class ClassDataTraining {
  static final String SEPARATOR = ";;";

  private ClassDataTraining() {}

  public static void main(String[] args) {
    Main.setUp();
    PrintWriter out = Main.utf8(System.out);
    PrintWriter err = Main.utf8(System.err);
    for (List<String> line : commandLines(args)) {
      int code = Main.run(out, err, line.toArray(String[]::new));
      if (code != 0) {
        err.println("class-data training: '" + String.join(" ", line) + "' exited " + code);
        System.exit(code);
      }
    }
  }

  /** The command lines in {@code args}, split at each {@link #SEPARATOR}; empty ones dropped. */
  static List<List<String>> commandLines(String... args) {
    List<List<String>> lines = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String a : args) {
      if (SEPARATOR.equals(a)) {
        if (!current.isEmpty()) {
          lines.add(current);
        }
        current = new ArrayList<>();
      } else {
        current.add(a);
      }
    }
    if (!current.isEmpty()) {
      lines.add(current);
    }
    return lines;
  }
}
