package dev.openaift.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.ApiException;
import dev.openaift.job.JobIds;
import java.io.PrintWriter;
import java.io.StringWriter;
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
  void aRedrawnStatusLineIsCutToTheWidthAndBlanksWhatALongerOneLeft() {
    StringWriter screen = new StringWriter();
    PrintWriter out = Echo.forPeople(new PrintWriter(screen));
    int drawn = Echo.redraw(out, "recorded 10/12 \u001b[2J", 80, 0);
    assertEquals("\rrecorded 10/12 \\x1b[2J", screen.toString());
    assertEquals(22, drawn);
    screen.getBuffer().setLength(0);
    assertEquals(5, Echo.redraw(out, "done!", 80, drawn));
    assertEquals("\rdone!" + " ".repeat(17) + "\rdone!", screen.toString());
    screen.getBuffer().setLength(0);
    assertEquals(9, Echo.redraw(out, "x".repeat(30), 10, 5));
    assertEquals("\r" + "x".repeat(9), screen.toString());
    screen.getBuffer().setLength(0);
    Echo.wipe(out, 9);
    out.flush();
    assertEquals("\r" + " ".repeat(9) + "\r", screen.toString());
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
    assertTrue(e.getMessage().length() < Echo.MESSAGE_MAX + 100, e.getMessage());
    assertTrue(!e.getMessage().contains("\u001b"), e.getMessage());
  }

  @Test
  void longMessagesLoseTheirMiddleNotTheirEnd() {
    String m =
        "the API refused: " + "x".repeat(5000) + " (delete with: openai-ft files delete f-1)";
    String shown = Echo.message(m);
    assertTrue(shown.length() <= Echo.MESSAGE_MAX + 50, shown);
    assertTrue(shown.startsWith("the API refused: xxx"), shown);
    assertTrue(shown.endsWith("(delete with: openai-ft files delete f-1)"), shown);
    assertTrue(
        shown.contains(" ... (" + (m.length() - Echo.MESSAGE_MAX) + " characters left out) ... "),
        shown);
    assertEquals("short", Echo.middle("short", 10));
  }

  @Test
  void aWriterForPeopleEscapesWhatItIsGivenAndItsRawWriterDoesNot() {
    java.io.StringWriter sink = new java.io.StringWriter();
    java.io.PrintWriter raw = new java.io.PrintWriter(sink);
    java.io.PrintWriter people = Echo.forPeople(raw);
    people.println("label \u001b[31mred\u001b[0m\tand\rback");
    people.print(new char[] {'a', '\u009b', 'b'});
    people.write('\u0007');
    Echo.raw(people).print("\r\u001b[1mprogress\u001b[0m");
    people.print("\n");
    people.flush();
    assertEquals(
        "label \\x1b[31mred\\x1b[0m\tand\\rback\na\\x9bb\\a\r\u001b[1mprogress\u001b[0m\n",
        sink.toString());
    assertTrue(Echo.forPeople(people) == people);
    assertTrue(Echo.raw(raw) == raw);
  }
}
