package dev.openaift;

import dev.openaift.cli.OpenAiFtCommand;
import dev.openaift.cli.RootHelp;
import dev.openaift.metrics.HelperThreads;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Entry point: the only place that exits the JVM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    setUp();
    int code;
    try (HelperThreads.Helper<Void> graphics = OpenAiFtCommand.startGraphicsFor(args)) {
      code = run(utf8(System.out), utf8(System.err), args);
    }
    System.exit(code);
  }

  /** What every run of the process sets first: the root locale, no display. */
  static void setUp() {
    Locale.setDefault(Locale.ROOT);
    System.setProperty("java.awt.headless", "true");
  }

  /** {@code stream} as UTF-8 text, flushed at every line. */
  static PrintWriter utf8(java.io.OutputStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }

  /** Runs one command line and returns its exit code; what tests call. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    // the root help is prebuilt: printing it needs neither picocli's model nor any command class
    String help = RootHelp.prebuilt(args);
    if (help != null) {
      out.print(help);
      out.flush();
      return 0;
    }
    return OpenAiFtCommand.run(out, err, args);
  }
}
