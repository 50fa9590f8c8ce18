package dev.openaift.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** prepare's rules on examples one at a time: the same findings as the file check, in order. */
class ExampleCheckerTest {
  private static final String GOOD =
      "{\"messages\":[{\"role\":\"system\",\"content\":\"s\"},"
          + "{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}]}";

  @Test
  void sameRulesAsAFile() {
    ExampleChecker checker = new ExampleChecker(PrepareOptions.defaults());
    ExampleChecker.Verdict first = checker.check(GOOD);
    assertFalse(first.error());
    assertTrue(first.tokens() > 0);
    assertEquals(java.util.List.of(), first.findings());

    ExampleChecker.Verdict again = checker.check(GOOD);
    assertFalse(again.error(), "a duplicate is a warning");
    assertEquals("repeats an earlier example", again.describe(Severity.WARNING));

    ExampleChecker.Verdict role = checker.check(GOOD.replace("\"user\"", "\"narrator\""));
    assertTrue(role.error());
    assertEquals("unknown role: narrator", role.describe(Severity.ERROR));

    ExampleChecker.Verdict broken = checker.check("{\"messages\":[");
    assertEquals("line is not valid JSON", broken.describe(Severity.ERROR));

    ExampleChecker.Verdict other = checker.check("{\"prompt\":\"p\",\"completion\":\"c\"}");
    assertEquals(
        "example in another format than the file's: prompt/completion (legacy)",
        other.describe(Severity.ERROR));
  }
}
