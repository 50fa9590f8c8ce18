package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LifecycleHelpTest {
  private static final List<String> TOP =
      List.of("files", "jobs", "models", "chat", "completion", "prepare");

  @Test
  void rootHelpListsEveryCommandWithOneLine() {
    CliRun r = CliRun.of("--help");
    assertEquals(0, r.code());
    for (String name : TOP) {
      assertTrue(
          Pattern.compile("(?m)^  " + Pattern.quote(name) + " +\\S.*$").matcher(r.out()).find(),
          name + " missing from:\n" + r.out());
    }
  }

  @Test
  void everyCommandHelpShowsAnExample() {
    CommandLine root =
        OpenAiFtCommand.commandLine(
            new java.io.PrintWriter(new java.io.StringWriter()),
            new java.io.PrintWriter(new java.io.StringWriter()));
    int checked = 0;
    for (String name : TOP) {
      CommandLine cmd = root.getSubcommands().get(name);
      checked += checkExamples(cmd);
    }
    assertTrue(checked >= 20, "commands checked: " + checked);
  }

  private static int checkExamples(CommandLine cmd) {
    if (cmd.getCommandName().equals("help")) {
      return 0;
    }
    String usage = cmd.getUsageMessage(CommandLine.Help.Ansi.OFF);
    String summary = cmd.getCommandSpec().usageMessage().description()[0];
    assertTrue(summary.length() <= 66, "summary fits the one line of the command list: " + summary);
    assertTrue(
        usage.contains("Example"),
        cmd.getCommandSpec().qualifiedName() + " has no example:\n" + usage);
    assertTrue(usage.contains("openai-ft "), usage);
    int n = 1;
    for (CommandLine sub : cmd.getSubcommands().values()) {
      n += checkExamples(sub);
    }
    return n;
  }

  @Test
  void subcommandHelpRunsAndExitsZero() {
    CliRun r = CliRun.of("jobs", "create", "--help");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("--dry-run"), r.out());
    assertTrue(r.out().contains("--metadata=KEY=VALUE"), r.out());
  }

  @Test
  void completionScriptCoversTheCommands() {
    CliRun r = CliRun.of("completion");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out().substring(0, 80));
    for (String word :
        List.of(
            "files",
            "jobs",
            "models",
            "chat",
            "delete-by-name",
            "checkpoints",
            "--training-file",
            "--fine-tuned",
            "follow",
            "prepare")) {
      assertTrue(r.out().contains(word), word);
    }
    assertTrue(r.out().contains("complete -F"), "registers a bash completion function");
  }
}
