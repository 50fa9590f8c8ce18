package dev.openaift;

import dev.openaift.cli.OpenAiFtCommand;
import dev.openaift.cli.RootHelp;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Entry point: the only place that exits the JVM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Locale.setDefault(Locale.ROOT);
    System.setProperty("java.awt.headless", "true");
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(out, err, args));
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
