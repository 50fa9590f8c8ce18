package dev.openaift.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.ApiException;
import dev.openaift.api.ChatCompletion;
import dev.openaift.api.ChatMessage;
import dev.openaift.follow.FakeTime;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordProgressTest {
  private static RecordedAnswer answer(int i, FakeTime time) {
    ChatExample e = new ChatExample(i, i + 1, List.of(ChatMessage.of("user", "Q")), "A");
    return RecordedAnswer.of(
        e,
        new Recorder.Options("m", dev.openaift.api.Endpoint.OPENAI, null, null, null, 1, 1)
            .request(e),
        new ChatCompletion("id", "m", "A", "stop", 1L, 1L, 2L, null, 5, List.of(), null),
        time.instant());
  }

  @Test
  void terminalLineShowsRateEtaAndRetriesInPlace() {
    FakeTime time = new FakeTime(1_795_000_000L);
    StringWriter out = new StringWriter();
    RecordProgress p = new RecordProgress(new PrintWriter(out), time, true, 100, 10, 110);
    time.sleep(Duration.ofSeconds(10));
    for (int i = 0; i < 20; i++) {
      p.recorded(answer(i, time));
    }
    assertEquals("recorded 30/110 27% | 2.0/s | elapsed 0:10 | ETA 0:40", p.render());
    time.sleep(Duration.ofSeconds(1));
    p.retrying(
        null,
        new ApiException(ApiException.Kind.RATE_LIMITED, "slow down"),
        1,
        Duration.ofMillis(1500));
    assertTrue(
        p.render()
            .endsWith("| 1 retry | elapsed 0:11 | ETA 0:44 | retrying in 0:02 (rate limited)"),
        p.render());
    p.finish();
    String shown = out.toString();
    assertTrue(shown.startsWith("\rrecorded 11/110"), shown);
    assertTrue(!shown.contains("\n"), "a terminal line is redrawn in place, never a new line");
    assertTrue(shown.endsWith("\r"), "finish() wipes the line");
  }

  @Test
  void plainOutputIsALineEveryTenSecondsAndAtTheEnd() {
    FakeTime time = new FakeTime(1_795_000_000L);
    StringWriter out = new StringWriter();
    RecordProgress p = new RecordProgress(new PrintWriter(out), time, false, 80, 0, 4);
    p.recorded(answer(0, time));
    time.sleep(Duration.ofSeconds(4));
    p.recorded(answer(1, time));
    time.sleep(Duration.ofSeconds(7));
    p.recorded(answer(2, time));
    time.sleep(Duration.ofSeconds(1));
    p.recorded(answer(3, time));
    p.finish();
    assertEquals(
        List.of(
            "recorded 1/4 25% | elapsed 0:00",
            "recorded 3/4 75% | 0.3/s | elapsed 0:11 | ETA 0:04",
            "recorded 4/4 100% | 0.3/s | elapsed 0:12"),
        out.toString().lines().toList());
  }

  @Test
  void plainOutputEndsWithOneLastLineEvenWhenTimePassesBeforeFinish() {
    // The rate and elapsed time of the line change while nothing more is done: finish() used to
    // compare the whole text and printed "recorded 2/2 100%" a second time.
    FakeTime time = new FakeTime(1_795_000_000L);
    StringWriter out = new StringWriter();
    RecordProgress p = new RecordProgress(new PrintWriter(out), time, false, 80, 0, 2);
    p.recorded(answer(0, time));
    time.sleep(Duration.ofSeconds(2));
    p.recorded(answer(1, time));
    time.sleep(Duration.ofSeconds(1));
    p.finish();
    assertEquals(
        List.of("recorded 1/2 50% | elapsed 0:00", "recorded 2/2 100% | 1.0/s | elapsed 0:02"),
        out.toString().lines().toList());
  }
}
