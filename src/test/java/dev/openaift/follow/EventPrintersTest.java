package dev.openaift.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.openaift.job.JobEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventPrintersTest {
  private static final JobEvent CREATED =
      new JobEvent(
          "ftevent-1",
          1721764800L,
          "info",
          "Created fine-tuning job: ftjob-abc",
          "message",
          Map.of());
  private static final JobEvent STEP =
      new JobEvent(
          "ftevent-2",
          1721764861L,
          "info",
          "Step 3/10: training loss=0.50",
          "metrics",
          Map.of("train_loss", 0.5, "step", 3L, "scores", Map.of("b", 1L, "a", 2.25)));

  @Test
  void plainLinesUseTheGivenZone() {
    StringWriter out = new StringWriter();
    new PlainEventPrinter(new PrintWriter(out), ZoneId.of("Europe/Paris"))
        .onEvents(List.of(CREATED, STEP));
    assertEquals(
        "[2024-07-23 22:00:00] Created fine-tuning job: ftjob-abc\n"
            + "[2024-07-23 22:01:01] Step 3/10: training loss=0.50\n",
        out.toString().replace("\r\n", "\n"));
    assertEquals(
        "[2024-07-23 20:00:00] Created fine-tuning job: ftjob-abc",
        PlainEventPrinter.line(CREATED, ZoneOffset.UTC));
  }

  @Test
  void jsonLinesHaveApiFieldNamesAndSortedKeys() {
    StringWriter out = new StringWriter();
    new JsonLinesEventPrinter(new PrintWriter(out)).onEvents(List.of(STEP, CREATED));
    String[] lines = out.toString().split("\\R");
    assertEquals(2, lines.length);
    assertEquals(
        "{\"created_at\":1721764861,\"data\":{\"scores\":{\"a\":2.25,\"b\":1},\"step\":3,\"train_loss\":0.5},\"id\":\"ftevent-2\",\"level\":\"info\",\"message\":\"Step"
            + " 3/10: training loss=0.50\","
            + "\"object\":\"fine_tuning.job.event\",\"type\":\"metrics\"}",
        lines[0]);
    assertEquals(
        "{\"created_at\":1721764800,\"data\":{},\"id\":\"ftevent-1\",\"level\":\"info\",\"message\":\"Created"
            + " fine-tuning job:"
            + " ftjob-abc\",\"object\":\"fine_tuning.job.event\",\"type\":\"message\"}",
        lines[1]);
  }

  @Test
  void debiasedEmaMatchesTensorBoard() {
    DebiasedEma ema = new DebiasedEma(0.6);
    assertEquals(Double.NaN, ema.value());
    assertEquals(1.0, ema.add(1.0), 1e-12);
    assertEquals(0.375, ema.add(0.0), 1e-12);
    assertEquals(0.375, ema.add(Double.NaN), 1e-12);
    assertEquals(2, ema.count());
    DebiasedEma constant = new DebiasedEma(0.6);
    for (int i = 0; i < 50; i++) {
      assertEquals(0.7, constant.add(0.7), 1e-12);
    }
    assertThrows(IllegalArgumentException.class, () -> new DebiasedEma(1.0));
  }

  @Test
  void hostileMessagesReachTheTerminalAsVisibleEscapes() {
    JobEvent hostile =
        new JobEvent(
            "ftevent-3",
            1721764800L,
            "info",
            "ok\u001b[2J\u001b]52;c;cm0gLXJmIH4=\u0007\rStep 9/9: done\u0000\nforged",
            "message",
            Map.of());
    assertEquals(
        "[2024-07-23 20:00:00] ok\\x1b[2J\\x1b]52;c;cm0gLXJmIH4=\\a\\rStep 9/9: done\\0\\nforged",
        PlainEventPrinter.line(hostile, ZoneOffset.UTC));
  }

  @Test
  void theTryItLinesQuoteTheModelName() {
    dev.openaift.job.Job job =
        new dev.openaift.job.Job(
            "ftjob-1",
            "succeeded",
            "gpt-4o-mini",
            "ft:x'; rm -rf ~ #\u001b[31m",
            null,
            1L,
            2L,
            null,
            null,
            null,
            null,
            List.of(),
            null,
            Map.of(),
            null,
            null,
            null,
            null,
            Map.of());
    List<String> lines = Outcome.lines(job);
    assertEquals("  openai-ft chat 'ft:x'\\''; rm -rf ~ #\\x1b[31m' \"Hello!\"", lines.get(3));
    assertEquals(
        "  curl \"$OPENAI_BASE_URL/chat/completions\" -H \"Authorization: Bearer $OPENAI_API_KEY\""
            + " -H \"Content-Type: application/json\" -d '{\"model\": \"ft:x'\\''; rm -rf ~"
            + " #\\u001b[31m\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello!\"}]}'",
        lines.get(4));
    dev.openaift.job.Job plain =
        new dev.openaift.job.Job(
            "ftjob-1",
            "succeeded",
            "gpt-4o-mini",
            "ft:gpt-4o-mini-2024-07-18:org:demo:abc123",
            null,
            1L,
            2L,
            null,
            null,
            null,
            null,
            List.of(),
            null,
            Map.of(),
            null,
            null,
            null,
            null,
            Map.of());
    assertEquals(
        "  openai-ft chat ft:gpt-4o-mini-2024-07-18:org:demo:abc123 \"Hello!\"",
        Outcome.lines(plain).get(3));
  }
}
