package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** record and eval ask for answers the same way: one set of options, checked in one place. */
class RecordingOptionsTest {
  private static final List<String> SHARED =
      List.of(
          "--concurrency",
          "--dry-run",
          "--max-tokens",
          "--prices",
          "--seed",
          "--temperature",
          "--yes");

  @Test
  void recordAndEvalDeclareTheSameOptionsOnce() {
    CommandLine root =
        OpenAiFtCommand.commandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    for (String command : List.of("record", "eval")) {
      CommandLine.Model.CommandSpec spec = root.getSubcommands().get(command).getCommandSpec();
      CommandLine.Model.CommandSpec mixin = spec.mixins().get("recording");
      assertNotNull(mixin, command + " mixes RecordingOptions in");
      assertEquals(
          SHARED,
          mixin.options().stream().map(CommandLine.Model.OptionSpec::longestName).sorted().toList(),
          command);
    }
  }

  @Test
  void badValuesAreUsageErrorsNamingTheOptionInBoth() {
    for (String[] bad :
        new String[][] {
          {"--concurrency", "0"},
          {"--concurrency", "65"},
          {"--temperature", "2.5"},
          {"--max-tokens", "0"}
        }) {
      for (List<String> command :
          List.of(
              List.of("record", "gpt-4o-mini", "--data", "absent.jsonl"),
              List.of("eval", "--data", "absent.jsonl", "--model", "gpt-4o-mini"))) {
        String[] args =
            java.util.stream.Stream.concat(command.stream(), java.util.Arrays.stream(bad))
                .toArray(String[]::new);
        CliRun r = CliRun.of(args);
        assertEquals(ExitCode.USAGE.code(), r.code(), List.of(args) + ": " + r.err());
        assertTrue(
            r.err().startsWith("openai-ft: " + bad[0] + " must be "),
            List.of(args) + ": " + r.err());
      }
    }
  }
}
