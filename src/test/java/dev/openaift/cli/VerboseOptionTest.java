package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** One {@code --verbose}, on the root, inherited by every command of the tree. */
class VerboseOptionTest {

  /**
   * Every subcommand's path from the root (e.g. {@code [files, delete]}), walked from the model.
   */
  private static List<List<String>> commandPaths() {
    CommandLine root =
        OpenAiFtCommand.commandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    List<List<String>> paths = new ArrayList<>();
    walk(root, List.of(), paths);
    return paths;
  }

  private static void walk(CommandLine cl, List<String> path, List<List<String>> paths) {
    for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
      if (!sub.getKey().equals(sub.getValue().getCommandName())) {
        continue; // an alias
      }
      List<String> p = new ArrayList<>(path);
      p.add(sub.getKey());
      paths.add(p);
      walk(sub.getValue(), p, paths);
    }
  }

  private static CommandLine.ParseResult parse(List<String> args) {
    CommandLine cl =
        OpenAiFtCommand.commandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    return cl.parseArgs(args.toArray(String[]::new));
  }

  private static CommandLine.ParseResult leaf(CommandLine.ParseResult pr) {
    while (pr.subcommand() != null) {
      pr = pr.subcommand();
    }
    return pr;
  }

  @Test
  void everyCommandTakesVerboseBeforeOrAfterItsName() {
    List<List<String>> paths = commandPaths();
    assertTrue(paths.size() > 30, "the walk finds the nested commands too: " + paths);
    for (List<String> path : paths) {
      List<String> after = new ArrayList<>(path);
      after.addAll(List.of("--verbose", "--help"));
      CommandLine.ParseResult a = parse(after);
      assertEquals(path.get(path.size() - 1), leaf(a).commandSpec().name(), after.toString());
      assertTrue(leaf(a).hasMatchedOption("--verbose"), after.toString());

      List<String> before = new ArrayList<>(List.of("--verbose"));
      before.addAll(path);
      before.add("--help");
      CommandLine.ParseResult b = parse(before);
      assertTrue(b.hasMatchedOption("--verbose"), before.toString());
      assertEquals(path.get(path.size() - 1), leaf(b).commandSpec().name(), before.toString());
    }
  }

  @Test
  void oneVerboseOptionInTheWholeTreeAndItIsTheRoots() {
    CommandLine root =
        OpenAiFtCommand.commandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    CommandLine.Model.OptionSpec own = root.getCommandSpec().findOption("--verbose");
    assertNotNull(own);
    assertEquals(CommandLine.ScopeType.INHERIT, own.scopeType());
    for (List<String> path : commandPaths()) {
      CommandLine cl = root;
      for (String name : path) {
        cl = cl.getSubcommands().get(name);
      }
      CommandLine.Model.OptionSpec o = cl.getCommandSpec().findOption("--verbose");
      assertNotNull(o, path + " has --verbose");
      assertTrue(o.inherited(), path + ": --verbose is the root's, not a second declaration");
    }
  }

  @Test
  void verboseAnywhereShowsTheStackTraceOfPrepareAndReport(@TempDir Path dir) {
    String missing = dir.resolve("missing.jsonl").toString();
    for (String[] args :
        new String[][] {
          {"prepare", missing, "--verbose"},
          {"--verbose", "prepare", missing},
          {"report", "--results", missing, "--verbose"},
          {"--verbose", "report", "--results", missing}
        }) {
      CliRun r = CliRun.of(args);
      assertEquals(ExitCode.FILE.code(), r.code(), r.err());
      assertTrue(r.err().startsWith("openai-ft: "), r.err());
      assertTrue(r.err().contains("\tat "), "a stack trace with " + List.of(args) + ": " + r.err());
    }
    CliRun quiet = CliRun.of("prepare", missing);
    assertEquals(ExitCode.FILE.code(), quiet.code(), quiet.err());
    assertEquals(1, quiet.err().strip().lines().count(), quiet.err());
    assertFalse(quiet.err().contains("\tat "), quiet.err());
  }

  @Test
  void sandboxAndCompletionTakeIt() {
    // a port that is not one: bad usage, named, also when --verbose comes first
    CliRun r = CliRun.of("--verbose", "sandbox", "--port", "-1");
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertTrue(r.err().contains("--port"), r.err());
    CliRun c = CliRun.of("completion", "--verbose");
    assertEquals(ExitCode.OK.code(), c.code(), c.err());
    assertTrue(c.out().contains("--verbose"), "the completion script offers --verbose too");
  }
}
