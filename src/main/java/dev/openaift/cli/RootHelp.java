package dev.openaift.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The root command's usage help, rendered at build time so that {@code openai-ft --help} prints it
 * without building the model of every subcommand (that model costs more than the rest of start-up).
 *
 * <p>The build ({@code process-classes}) runs {@link Build#main} to write the text, plain and
 * coloured, next to this class; {@link #prebuilt} returns it for a command line that asks for
 * nothing but the root help, and {@code null} for anything else, when the text is missing, or when
 * a system property changes picocli's layout. {@code RootHelpTest} fails when the text differs from
 * picocli's live output.
 */
public final class RootHelp {
  static final String PLAIN = "root-help.txt";
  static final String ANSI = "root-help-ansi.txt";

  /** Command lines that print the root usage help and exit 0. */
  private static final List<List<String>> ROOT_HELP =
      List.of(List.of(), List.of("-h"), List.of("--help"), List.of("help"));

  private RootHelp() {}

  /**
   * The prebuilt root help for {@code args}, coloured when picocli would colour it, or {@code null}
   * when {@code args} asks for anything else or the prebuilt text cannot stand in for the live one.
   */
  public static String prebuilt(String... args) {
    if (!ROOT_HELP.contains(List.of(args)) || !"\n".equals(System.lineSeparator())) {
      return null;
    }
    for (String key : System.getProperties().stringPropertyNames()) {
      // picocli.ansi is honoured below; any other picocli property (usage width, tracing) goes live
      if (key.startsWith("picocli.") && !key.equals("picocli.ansi")) {
        return null;
      }
    }
    String name = CommandLine.Help.Ansi.AUTO.enabled() ? ANSI : PLAIN;
    try (InputStream in = RootHelp.class.getResourceAsStream(name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Renders the text from the live model; a class of its own so that {@link #prebuilt} loads none
   * of picocli's model and help classes.
   */
  static final class Build {
    private Build() {}

    /** What the live command line prints for {@code --help}, with colours on or off. */
    static String render(boolean ansi) {
      StringWriter out = new StringWriter();
      PrintWriter none = new PrintWriter(Writer.nullWriter());
      CliContext context =
          new CliContext(
              Map.of(), false, ZoneOffset.UTC, Clock.systemUTC(), action -> () -> {}, 80);
      CommandLine cl =
          OpenAiFtCommand.commandLine(new PrintWriter(out), none, context, UserInput.of(""));
      CommandLine.Help.Ansi colours = ansi ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF;
      cl.setColorScheme(CommandLine.Help.defaultColorScheme(colours));
      int code = cl.execute("--help");
      if (code != 0) {
        throw new IllegalStateException("openai-ft --help exited " + code);
      }
      return out.toString();
    }

    /** Build step: writes the plain and the coloured root help into directory {@code args[0]}. */
    public static void main(String[] args) throws IOException {
      java.util.Locale.setDefault(java.util.Locale.ROOT);
      Path dir = Path.of(args[0]);
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(PLAIN), render(false), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve(ANSI), render(true), StandardCharsets.UTF_8);
    }
  }
}
