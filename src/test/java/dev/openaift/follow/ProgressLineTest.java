package dev.openaift.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.ApiException;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  private static final long T0 = 1_721_764_800L;

  private static Job job(String status, Long estimatedFinish) {
    return new Job(
        "ftjob-1",
        status,
        "gpt-4o-mini",
        null,
        "org",
        T0,
        null,
        estimatedFinish,
        null,
        "file-t",
        null,
        List.of(),
        "supervised",
        Map.of(),
        null,
        null,
        null,
        null,
        Map.of());
  }

  private static JobEvent step(int n, long at, Double train, Double valid) {
    Map<String, Object> data = new java.util.TreeMap<>();
    data.put("step", (long) n);
    data.put("total_steps", 100L);
    if (train != null) {
      data.put("train_loss", train);
    }
    if (valid != null) {
      data.put("valid_loss", valid);
    }
    return new JobEvent("ftevent-" + n, at, "info", "Step " + n + "/100", "metrics", data);
  }

  private static final List<JobEvent> STEPS =
      List.of(
          new JobEvent("ftevent-0", T0 + 1, "info", "Fine-tuning job started", "message", Map.of()),
          step(1, T0 + 10, 2.0, 1.0),
          step(11, T0 + 30, 1.5, null),
          step(21, T0 + 50, 1.2345678, 0.0));

  @Test
  void showsStepLossesElapsedAndEtaFromTheStepRate() {
    FakeTime time = new FakeTime(T0 + 130);
    ProgressLine line = new ProgressLine(time);
    line.accept(job("running", null));
    line.accept(STEPS);
    // 20 steps in 40 s: 79 steps left take 158 s from the last step at T0+50, i.e. 78 s from now
    assertEquals(
        "step 21/100 21% | train loss 1.2346 | valid loss 0.3750 (smoothed) | elapsed 2:10 | ETA"
            + " 1:18",
        line.render());
  }

  @Test
  void prefersTheJobsEstimatedFinish() {
    FakeTime time = new FakeTime(T0 + 130);
    ProgressLine line = new ProgressLine(time);
    line.accept(STEPS);
    line.accept(job("running", T0 + 130 + 3600 + 65));
    assertEquals(
        "step 21/100 21% | train loss 1.2346 | valid loss 0.3750 (smoothed) | elapsed 2:10 | ETA"
            + " 1:01:05",
        line.render());
  }

  @Test
  void beforeAnyStepShowsTheStatus() {
    ProgressLine line = new ProgressLine(new FakeTime(T0 + 42));
    assertEquals("", line.render());
    line.accept(job("validating_files", null));
    assertEquals("validating files | elapsed 0:42", line.render());
    line.note("retrying in 0:04 (server)");
    assertEquals("validating files | elapsed 0:42 | retrying in 0:04 (server)", line.render());
  }

  @Test
  void printerWipesTheLineBeforeEventsAndRedrawsAfter() {
    FakeTime time = new FakeTime(T0 + 42);
    StringWriter out = new StringWriter();
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), ZoneOffset.UTC, time, 100);
    printer.onJob(job("running", null));
    printer.onEvents(List.of(step(1, T0 + 40, 2.0, null)));
    printer.onDone(job("succeeded", null));
    String status = "running | elapsed 0:42";
    String progress = "step 1/100 1% | train loss 2.0000 | elapsed 0:42";
    String expected =
        "\r"
            + status
            + "\r"
            + " ".repeat(status.length())
            + "\r"
            + "[2024-07-23 20:00:40] Step 1/100"
            + System.lineSeparator()
            + "\r"
            + progress
            + "\r"
            + " ".repeat(progress.length())
            + "\r";
    assertEquals(expected, out.toString());
  }

  @Test
  void shorterLinePadsOverTheLongerOne() {
    FakeTime time = new FakeTime(T0 + 42);
    StringWriter out = new StringWriter();
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), ZoneOffset.UTC, time, 100);
    printer.onRetry(
        new ApiException(ApiException.Kind.RATE_LIMITED, "429"), 1, Duration.ofSeconds(4));
    String withNote = "retrying in 0:04 (rate limited)";
    assertEquals("\r" + withNote, out.toString());
    time.advance(Duration.ofSeconds(1));
    printer.onJob(job("running", null));
    String now = "running | elapsed 0:43 | retrying in 0:04 (rate limited)";
    assertEquals("\r" + withNote + "\r" + now, out.toString());
  }

  @Test
  void redrawsAreThrottledToFourPerSecond() {
    FakeTime time = new FakeTime(T0 + 42);
    StringWriter out = new StringWriter();
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), ZoneOffset.UTC, time, 100);
    for (int i = 0; i < 40; i++) {
      printer.onJob(job("running", null));
      time.advance(Duration.ofMillis(50));
    }
    // 2 s of updates every 50 ms: a redraw at most every 250 ms
    long redraws = out.toString().chars().filter(c -> c == '\r').count();
    assertEquals(8, redraws);
  }

  @Test
  void lineIsCutToTheTerminalWidth() {
    FakeTime time = new FakeTime(T0 + 130);
    StringWriter out = new StringWriter();
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), ZoneOffset.UTC, time, 30);
    printer.onJob(job("running", null));
    printer.onEvents(STEPS);
    String[] parts = out.toString().split(System.lineSeparator());
    String last = parts[parts.length - 1];
    assertEquals("\rstep 21/100 21% | train loss ", last);
    assertFalse(out.toString().contains("ETA"));
    assertTrue(out.toString().contains("[2024-07-23 20:00:50] Step 21/100"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ProgressPrinter(new PrintWriter(new StringWriter()), ZoneOffset.UTC, time, 5));
  }

  @Test
  void clockTimeFormats() {
    assertEquals("0:00", ProgressLine.clockTime(0));
    assertEquals("59:59", ProgressLine.clockTime(3599));
    assertEquals("1:00:00", ProgressLine.clockTime(3600));
    assertEquals("26:03:04", ProgressLine.clockTime(26 * 3600 + 184));
  }
}
