package dev.openaift.record;

import dev.openaift.api.ApiException;
import dev.openaift.follow.ProgressLine;
import dev.openaift.io.Echo;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Shows the progress of a {@link ChatBatch}: {@code recorded 120/1000 12% | 8.1/s | 2 retries |
 * elapsed 0:15 | ETA 1:48} (the first word is the caller's: {@code recorded}, {@code answered}). On
 * a terminal the line is redrawn in place (at most every 250 ms, cut to the terminal's width); when
 * the output is not a terminal, a plain line is printed at most every 10 seconds, and the last one
 * when the run ends. The rate and ETA count this run's answers only. Generalised from {@code
 * record}'s progress line so that {@code generate} shows the same one; {@link RecordProgress} is
 * this with record's listener.
 */
public class BatchProgress {
  static final Duration TERMINAL_REDRAW = Duration.ofMillis(250);
  static final Duration PLAIN_EVERY = Duration.ofSeconds(10);

  private final String verb;
  private final PrintWriter out;
  private final Clock clock;
  private final boolean terminal;
  private final int width;
  private int total;
  private final Instant start;
  private int done;
  private int asked;
  private int retries;
  private String note;
  private Instant lastDraw;
  private int drawn;

  /**
   * @param verb what a finished task is called ({@code recorded}, {@code answered})
   * @param already tasks finished before this run
   * @param total tasks to have finished at the end
   */
  public BatchProgress(
      String verb,
      PrintWriter out,
      Clock clock,
      boolean terminal,
      int width,
      int already,
      int total) {
    this.verb = verb;
    this.out = out;
    this.clock = clock;
    this.terminal = terminal;
    this.width = Math.max(20, width);
    this.done = already;
    this.total = total;
    this.start = clock.instant();
  }

  /** One more task finished. */
  public synchronized void done() {
    done++;
    asked++;
    note = null;
    maybeDraw(done == total);
  }

  /** A request failed and is retried after {@code wait}. */
  public synchronized void retrying(ApiException fault, Duration wait) {
    retries++;
    note =
        "retrying in "
            + ProgressLine.clockTime(Math.max(1, (wait.toMillis() + 999) / 1000))
            + " ("
            + fault.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
            + ")";
    maybeDraw(false);
  }

  /**
   * {@code n} tasks will not be done after all (a model the API stopped serving): the total shrinks
   * so that the line still ends at 100%.
   */
  public synchronized void drop(int n) {
    total = Math.max(done, total - n);
  }

  /**
   * Wipes the line on a terminal so that a message can be printed in its place (it is drawn again
   * at the next change); off a terminal it does nothing.
   */
  public synchronized void clear() {
    if (terminal && drawn > 0) {
      Echo.wipe(out, drawn);
      drawn = 0;
      out.flush();
    }
  }

  /** This display as a {@link ChatBatch} listener. */
  public <T extends ChatBatch.Task> ChatBatch.Listener<T> listener() {
    return new ChatBatch.Listener<>() {
      @Override
      public void done(T task) {
        BatchProgress.this.done();
      }

      @Override
      public void retrying(T task, ApiException fault, int attempt, Duration wait) {
        BatchProgress.this.retrying(fault, wait);
      }
    };
  }

  /**
   * Ends the display: wipes the terminal line, or prints the last plain line when it is not printed
   * yet.
   */
  public synchronized void finish() {
    if (terminal) {
      clear();
    } else if (lastDraw == null || done != printedDone || total != printedTotal) {
      print();
    }
    out.flush();
  }

  /** The counts of the last plain line: finish() prints again only when they moved since. */
  private int printedDone = -1;

  private int printedTotal = -1;

  private void maybeDraw(boolean force) {
    Instant now = clock.instant();
    Duration every = terminal ? TERMINAL_REDRAW : PLAIN_EVERY;
    if (!force && lastDraw != null && Duration.between(lastDraw, now).compareTo(every) < 0) {
      return;
    }
    if (terminal) {
      drawn = Echo.redraw(out, render(), width, drawn);
      lastDraw = now;
    } else {
      print();
    }
  }

  private void print() {
    printedDone = done;
    printedTotal = total;
    out.println(render());
    out.flush();
    lastDraw = clock.instant();
  }

  /** The line as of now. */
  synchronized String render() {
    long elapsedMs = Math.max(0, Duration.between(start, clock.instant()).toMillis());
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s %d/%d %d%%",
                verb,
                done,
                total,
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
