package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The exit codes are written once, in {@link ExitCode}: --help and the README say the same. */
class ExitCodeTest {

  private static List<String> enumRows() {
    List<String> rows = new ArrayList<>();
    for (ExitCode c : ExitCode.values()) {
      rows.add(c.code() + " | " + c.meaning());
    }
    return rows;
  }

  @Test
  void theReadmeTableIsTheEnum() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
    int at = lines.indexOf("### Exit codes");
    assertTrue(at >= 0, "README.md has a section '### Exit codes'");
    List<String> rows = new ArrayList<>();
    int i = at + 1;
    while (i < lines.size() && !lines.get(i).startsWith("|")) {
      i++;
    }
    for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      String[] cells = lines.get(i).split("\\|");
      rows.add(cells[1].strip() + " | " + cells[2].strip().replace("`", ""));
    }
    assertEquals(enumRows(), rows, "README.md's exit code table and ExitCode differ");
  }

  @Test
  void helpListsEveryCodeWithItsMeaningInTheOrderOfTheEnum() {
    StringWriter out = new StringWriter();
    assertEquals(0, Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--help"));
    String help = out.toString();
    String section = help.substring(help.indexOf("Exit codes:"));
    List<String> rows = new ArrayList<>();
    for (String line : section.lines().skip(1).toList()) {
      if (line.isBlank()) {
        break;
      }
      if (line.startsWith("   ") && !rows.isEmpty()) { // a wrapped meaning goes on
        int last = rows.size() - 1;
        rows.set(last, rows.get(last) + " " + line.strip());
      } else {
        String[] kv = line.strip().split("\\s+", 2);
        rows.add(kv[0] + " | " + kv[1]);
      }
    }
    assertEquals(enumRows(), rows, help);
  }

  @Test
  void theModelCarriesTheListHoweverTheCommandLineIsBuilt() {
    // e.g. a usage text generated at build time from a plain CommandLine of the root class
    CommandLine plain =
        new CommandLine(OpenAiFtCommand.class, new ContextFactory(CliContext.system()));
    assertEquals(ExitCode.helpList(), plain.getCommandSpec().usageMessage().exitCodeList());
  }
}
