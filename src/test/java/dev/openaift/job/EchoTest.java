package dev.openaift.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.ApiException;
import org.junit.jupiter.api.Test;

class EchoTest {

  @Test
  void controlCharactersBecomeVisibleEscapes() {
    assertEquals(
        "a\\x1b[31mred\\x1b]52;c;aGk=\\a \\r\\n\\0 tab\there \\u202e",
        Echo.visible("a\u001b[31mred\u001b]52;c;aGk=\u0007 \r\n\u0000 tab\there \u202e"));
    assertEquals("plain ünïcödé \\ backslash", Echo.visible("plain ünïcödé \\ backslash"));
  }

  @Test
  void longValuesAreCut() {
    String cut = Echo.cut("x".repeat(5000));
    assertEquals("x".repeat(Echo.MAX) + "... (5000 characters)", cut);
  }

  @Test
  void jobIdsHaveALengthLimitThatIsNamedAndTheIdIsCutInTheMessage() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> JobIds.requireSafe("ftjob-" + "a".repeat(4994)));
    assertTrue(e.getMessage().length() < 200, e.getMessage());
    assertTrue(e.getMessage().contains("is 5000 characters long, at most 128"), e.getMessage());
    IllegalArgumentException shape =
        assertThrows(IllegalArgumentException.class, () -> JobIds.requireSafe("ftjob-\u001b[2J"));
    assertEquals(
        "not a valid job id: 'ftjob-\\x1b[2J' (expected letters, digits, '-', '_' or '.', e.g."
            + " ftjob-abc123)",
        shape.getMessage());
  }

  @Test
  void apiMessagesAreCutAndShowNoControlCharacters() {
    ApiException e =
        new ApiException(
            ApiException.Kind.NOT_FOUND,
            404,
            "No such job: " + "j".repeat(5000) + "\u001b]52;c;aGk=\u0007",
            null);
    assertTrue(e.getMessage().length() < 600, e.getMessage());
    assertTrue(!e.getMessage().contains("\u001b"), e.getMessage());
  }
}
