package dev.openaift.record;

import dev.openaift.api.ApiException;
import dev.openaift.follow.ProgressLine;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Shows a recording's progress: {@code recorded 120/1000 12% | 8.1/s | 2 retries | elapsed 0:15 | ETA 1:48}.
 * On a terminal the line is redrawn in place (at most every 250 ms, cut to the terminal's width); when
 * the output is not a terminal, a plain line is printed at most every 10 seconds, and the last one when
 * the run ends. The rate and ETA count this run's answers only.
 */
public final class RecordProgress implements Recorder.Listener {
  static final Duration TERMINAL_REDRAW = Duration.ofMillis(250);
  static final Duration PLAIN_EVERY = Duration.ofSeconds(10);

  private final PrintWriter out;
  private final Clock clock;
  private final boolean terminal;
  private final int width;
  private final int total;
  private final Instant start;
  private int done;
  private int asked;
  private int retries;
  private String note;
  private Instant lastDraw;
  private int drawn;

  /**
   * @param already examples recorded before this run
   * @param total   examples to have recorded at the end
   */
  public RecordProgress(PrintWriter out, Clock clock, boolean terminal, int width, int already, int total) {
    this.out = out;
    this.clock = clock;
    this.terminal = terminal;
    this.width = Math.max(20, width);
    this.done = already;
    this.total = total;
    this.start = clock.instant();
  }

  @Override
  public synchronized void recorded(RecordedAnswer answer) {
    done++;
    asked++;
    note = null;
    maybeDraw(done == total);
  }

  @Override
  public synchronized void retrying(ChatExample example, ApiException fault, int attempt, Duration wait) {
    retries++;
    note = "retrying in " + ProgressLine.clockTime(Math.max(1, (wait.toMillis() + 999) / 1000)) + " ("
        + fault.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
    maybeDraw(false);
  }

  /** Ends the display: wipes the terminal line, or prints the last plain line when it is not printed yet. */
  public synchronized void finish() {
    if (terminal) {
      if (drawn > 0) {
        out.print("\r" + " ".repeat(drawn) + "\r");
        drawn = 0;
      }
    } else if (lastDraw == null || !render().equals(lastLine)) {
      print();
    }
    out.flush();
  }

  private String lastLine;

  private void maybeDraw(boolean force) {
    Instant now = clock.instant();
    Duration every = terminal ? TERMINAL_REDRAW : PLAIN_EVERY;
    if (!force && lastDraw != null && Duration.between(lastDraw, now).compareTo(every) < 0) {
      return;
    }
    if (terminal) {
      String line = render();
      if (line.length() > width - 1) {
        line = line.substring(0, width - 1);
      }
      StringBuilder b = new StringBuilder("\r").append(line);
      if (line.length() < drawn) {
        b.append(" ".repeat(drawn - line.length())).append('\r').append(line);
      }
      out.print(b);
      drawn = line.length();
      lastDraw = now;
      out.flush();
    } else {
      print();
    }
  }

  private void print() {
    lastLine = render();
    out.println(lastLine);
    out.flush();
    lastDraw = clock.instant();
  }

  /** The line as of now. */
  synchronized String render() {
    long elapsedMs = Math.max(0, Duration.between(start, clock.instant()).toMillis());
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "recorded %d/%d %d%%", done, total,
        total == 0 ? 100 : done * 100L / total));
    // a rate over less than a second says nothing yet
    double rate = elapsedMs < 1000 ? 0 : asked * 1000.0 / elapsedMs;
    if (rate > 0) {
      b.append(String.format(Locale.ROOT, " | %.1f/s", rate));
    }
    if (retries > 0) {
      b.append(" | ").append(retries).append(retries == 1 ? " retry" : " retries");
    }
    b.append(" | elapsed ").append(ProgressLine.clockTime(elapsedMs / 1000));
    if (asked > 0 && done < total && rate > 0) {
      b.append(" | ETA ").append(ProgressLine.clockTime(Math.round((total - done) / rate)));
    }
    if (note != null) {
      b.append(" | ").append(note);
    }
    return b.toString();
  }
}
