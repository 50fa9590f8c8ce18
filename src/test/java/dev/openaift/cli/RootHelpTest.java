package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The root help printed without picocli's model is the one picocli prints. */
class RootHelpTest {
  private static final String[][] ROOT_HELP = {{}, {"-h"}, {"--help"}, {"help"}};

  @Test
  void buildWroteTheTextPicocliRendersFromTheLiveModel() throws IOException {
    assertEquals(RootHelp.Build.render(false), resource(RootHelp.PLAIN));
    assertEquals(RootHelp.Build.render(true), resource(RootHelp.ANSI));
    assertTrue(resource(RootHelp.ANSI).contains("\u001b["), "the coloured text has colours");
  }

  @Test
  void mainPrintsThePrebuiltTextExactlyAsTheLiveCommandLineDoes() {
    for (String[] args : ROOT_HELP) {
      assertNotNull(RootHelp.prebuilt(args), String.join(" ", args));
      assertEquals(live(args), main(args), "openai-ft " + String.join(" ", args));
    }
  }

  @Test
  void colouredWhenPicocliWouldColour() {
    String before = System.getProperty("picocli.ansi");
    System.setProperty("picocli.ansi", "true");
    try {
      assertTrue(RootHelp.prebuilt("--help").contains("\u001b["));
      assertEquals(live("--help"), main("--help"));
    } finally {
      if (before == null) {
        System.clearProperty("picocli.ansi");
      } else {
        System.setProperty("picocli.ansi", before);
      }
    }
  }

  @Test
  void anythingElseGoesToTheLiveCommandLine() {
    assertNull(RootHelp.prebuilt("report", "--help"));
    assertNull(RootHelp.prebuilt("--help", "--verbose"));
    assertNull(RootHelp.prebuilt("--version"));
    assertNull(RootHelp.prebuilt("help", "report"));
    System.setProperty("picocli.usage.width", "120");
    try {
      assertNull(RootHelp.prebuilt("--help"), "a picocli layout property: the live help");
    } finally {
      System.clearProperty("picocli.usage.width");
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = RootHelp.class.getResourceAsStream(name)) {
      assertNotNull(in, name + " is written by the build (process-classes)");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** What {@code Main} prints: the prebuilt text for the root help. */
  private static String main(String... args) {
    return printed(true, args);
  }

  /** What picocli's live command line prints. */
  private static String live(String... args) {
    return printed(false, args);
  }

  private static String printed(boolean viaMain, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter o = new PrintWriter(out);
    PrintWriter e = new PrintWriter(err);
    assertEquals(0, viaMain ? Main.run(o, e, args) : OpenAiFtCommand.run(o, e, args));
    assertEquals("", err.toString());
    return out.toString();
  }
}
