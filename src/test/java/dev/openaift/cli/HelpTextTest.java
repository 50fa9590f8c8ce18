package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's and subcommand's help, as a user asks for it. */
class HelpTextTest {
  private static final CliContext CONTEXT = CliRun.context(Map.of(), ZoneOffset.UTC, 80);

  /** The command lines ("record --help", "jobs create --help", ...) of every command. */
  private static List<List<String>> helpCommandLines() {
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    CommandLine root = OpenAiFtCommand.commandLine(none, none, CONTEXT, UserInput.of(""));
    List<List<String>> lines = new ArrayList<>();
    walk(root, new ArrayList<>(), lines);
    return lines;
  }

  private static void walk(CommandLine cl, List<String> path, List<List<String>> lines) {
    List<String> help = new ArrayList<>(path);
    help.add("--help");
    lines.add(help);
    cl.getSubcommands()
        .forEach(
            (name, sub) -> {
              // aliases appear as keys too: walk each command once, by its own name
              if (name.equals(sub.getCommandName())) {
                List<String> p = new ArrayList<>(path);
                p.add(name);
                walk(sub, p, lines);
              }
            });
  }

  @Test
  void everyHelpPrintsWithoutAPicocliWarning() {
    List<List<String>> lines = helpCommandLines();
    assertTrue(lines.size() > 30, "commands walked: " + lines.size());
    PrintStream realErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> problems = new ArrayList<>();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      for (List<String> args : lines) {
        captured.reset();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
            OpenAiFtCommand.run(
                new PrintWriter(out),
                new PrintWriter(err),
                CONTEXT,
                UserInput.of(""),
                args.toArray(String[]::new));
        String stderr = captured.toString(StandardCharsets.UTF_8) + err;
        if (code != 0 || !stderr.isEmpty() || !out.toString().contains("Usage: ")) {
          problems.add(String.join(" ", args) + " -> exit " + code + ": " + stderr);
        }
      }
    } finally {
      System.setErr(realErr);
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void anUnknownCommandWithHelpIsAnErrorNotTheRootHelp() {
    CliRun run = CliRun.of("frobnicate", "--help");
    assertEquals(2, run.code(), run.out() + run.err());
    assertEquals("", run.out());
    assertTrue(
        run.err().startsWith("openai-ft: 'frobnicate' is not an openai-ft command"), run.err());

    CliRun close = CliRun.of("reprot", "--help");
    assertEquals(2, close.code(), close.out() + close.err());
    assertTrue(close.err().matches("(?s).*did you mean [a-z, ]*report.*"), close.err());

    CliRun sub = CliRun.of("jobs", "frobnicate", "--help");
    assertEquals(2, sub.code(), sub.out() + sub.err());
    assertTrue(sub.err().contains("'frobnicate' is not an openai-ft jobs command"), sub.err());
  }
}
