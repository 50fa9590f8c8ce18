package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Which command lines start the graphics before picocli parses them: reports that draw, and nothing
 * else (a line that only asks for help, or writes json and csv, never loads AWT for it).
 */
class ReportDrawsTest {
  @Test
  void reportsThatDrawStartTheGraphics() {
    assertTrue(ReportCommand.draws("report", "run"));
    assertTrue(ReportCommand.draws("--verbose", "report", "run", "--out", "x"));
    assertTrue(ReportCommand.draws("report", "run", "--format", "csv,png"));
    assertTrue(ReportCommand.draws("report", "run", "--format=ipynb"));
    assertTrue(ReportCommand.draws("report", "--all"));
  }

  @Test
  void otherLinesDoNot() {
    assertFalse(ReportCommand.draws("report", "run", "--format", "json,csv"));
    assertFalse(ReportCommand.draws("report", "run", "--format=json"));
    assertFalse(ReportCommand.draws("report", "run", "--format", "bogus"));
    assertFalse(ReportCommand.draws("report", "run", "--format"));
    assertFalse(ReportCommand.draws("report", "--help"));
    assertFalse(ReportCommand.draws("--version"));
    assertFalse(ReportCommand.draws("compare", "a", "b"));
    assertFalse(ReportCommand.draws("jobs", "list"));
    assertFalse(ReportCommand.draws());
    assertNull(OpenAiFtCommand.startGraphicsFor("models", "list"));
  }
}
