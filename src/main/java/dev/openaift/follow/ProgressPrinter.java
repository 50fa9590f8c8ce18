package dev.openaift.follow;

import dev.openaift.api.ApiException;
import dev.openaift.io.Echo;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * For terminals: event lines as {@link PlainEventPrinter} prints them, under them one progress line
 * ({@link ProgressLine}) redrawn in place with {@code \r}. The progress line is wiped before event
 * lines are printed and drawn again after them, so the two never mix; between events it is redrawn
 * at most every {@link #MIN_REDRAW} (job polls, retries). Use {@link PlainEventPrinter} alone when
 * the output is not a terminal or with {@code --no-progress}.
 */
public final class ProgressPrinter implements FollowListener {
  /** The shortest time between two redraws that are not caused by new events. */
  public static final Duration MIN_REDRAW = Duration.ofMillis(250);

  private final PrintWriter out;
  private final ZoneId zone;
  private final Clock clock;
  private final int width;
  private final ProgressLine progress;
  private int drawnLength;
  private Instant lastDraw;

  /**
   * @param width the terminal's width in columns; the line is cut to {@code width - 1} characters
   */
  public ProgressPrinter(PrintWriter out, ZoneId zone, Clock clock, int width) {
    if (width < 20) {
      throw new IllegalArgumentException(
          "terminal width must be at least 20 columns, not " + width);
    }
    this.out = out;
    this.zone = zone;
    this.clock = clock;
    this.width = width;
    this.progress = new ProgressLine(clock);
  }

  @Override
  public void onEvents(List<JobEvent> events) {
    clear();
    for (JobEvent e : events) {
      out.println(PlainEventPrinter.line(e, zone));
    }
    progress.accept(events);
    draw();
  }

  @Override
  public void onJob(Job job) {
    progress.accept(job);
    drawThrottled();
  }

  @Override
  public void onRetry(ApiException fault, int attempt, Duration wait) {
    progress.note(
        "retrying in "
            + ProgressLine.clockTime(Math.max(1, wait.toSeconds()))
            + " ("
            + fault.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
            + ")");
    drawThrottled();
  }

  @Override
  public void onDone(Job job) {
    clear();
  }

  /** Wipes the progress line (e.g. before printing an outcome or on Ctrl-C). */
  public void clear() {
    if (drawnLength > 0) {
      Echo.wipe(out, drawnLength);
      drawnLength = 0;
      lastDraw = null;
    }
    out.flush();
  }

  private void drawThrottled() {
    Instant now = clock.instant();
    if (lastDraw == null || Duration.between(lastDraw, now).compareTo(MIN_REDRAW) >= 0) {
      draw();
    }
  }

  private void draw() {
    drawnLength = Echo.redraw(out, progress.render(), width, drawnLength);
    lastDraw = clock.instant();
  }
}
