package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class RootCommandTest {
  @Test
  void helpListsExitCodes() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), "--help");
    assertEquals(0, code);
    assertTrue(out.toString().contains("Exit codes:"), out.toString());
  }

  @Test
  void unknownOptionIsUsageError() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), "--no-such-option");
    assertEquals(2, code);
    assertTrue(err.toString().startsWith("openai-ft: "), err.toString());
  }
}
