package dev.openaift.cli;

import dev.openaift.api.ApiException;
import dev.openaift.archive.Backup;
import dev.openaift.archive.BackupManifest;
import dev.openaift.follow.ProgressLine;
import dev.openaift.io.Echo;
import dev.openaift.job.Job;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What {@code backup} shows while it runs: on a terminal one bar redrawn in place ({@code jobs
 * 12/40 [#####-----] 30% | 9 files | 1.2 MiB | ETA 00:42}), otherwise one plain line per job
 * archived, per retry and per thing that could not be fetched. Told from several workers at once:
 * every method holds the lock.
 */
final class BackupProgress implements Backup.Listener {
  private static final Duration MIN_REDRAW = Duration.ofMillis(250);

  private final PrintWriter out;
  private final Clock clock;
  private final boolean terminal;
  private final int width;
  private int total;
  private int done;
  private int files;
  private long bytes;
  private Instant start;
  private Instant lastDraw;
  private int drawn;

  BackupProgress(PrintWriter out, Clock clock, boolean terminal, int width) {
    this.out = out;
    this.clock = clock;
    this.terminal = terminal;
    this.width = width;
  }

  @Override
  public synchronized void onJobs(int count) {
    total = count;
    start = clock.instant();
    if (!terminal) {
      out.println(count + " job" + (count == 1 ? "" : "s") + " to back up");
      out.flush();
    }
    draw(true);
  }

  @Override
  public synchronized void onJob(Job job, Backup.JobOutcome outcome, long written) {
    done++;
    bytes += written;
    if (!terminal && outcome == Backup.JobOutcome.ARCHIVED) {
      out.println("archived " + job.id() + " (" + job.status() + ", " + size(written) + ")");
      out.flush();
    }
    draw(done == total);
  }

  @Override
  public synchronized void onDataFile(String fileId, long size) {
    files++;
    bytes += size;
    if (!terminal) {
      out.println("stored file " + fileId + " (" + size(size) + ")");
      out.flush();
    }
    draw(false);
  }

  @Override
  public synchronized void onRetry(ApiException fault, int attempt, Duration wait) {
    line(
        "retrying in "
            + Math.max(1, wait.toSeconds())
            + " s ("
            + fault.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
            + ")");
  }

  @Override
  public synchronized void onMissing(BackupManifest.Missing missing) {
    line(
        "not fetched: "
            + Echo.visible(missing.what())
            + ": "
            + Echo.message(missing.reason()).replace('\n', ' '));
  }

  /** Wipes the bar (before the summary). */
  synchronized void clear() {
    if (drawn > 0) {
      Echo.raw(out).print("\r" + " ".repeat(drawn) + "\r");
      out.flush();
      drawn = 0;
    }
  }

  private void line(String text) {
    clear();
    out.println(text);
    out.flush();
    draw(true);
  }

  private void draw(boolean force) {
    if (!terminal || start == null) {
      return;
    }
    Instant now = clock.instant();
    if (!force && lastDraw != null && Duration.between(lastDraw, now).compareTo(MIN_REDRAW) < 0) {
      return;
    }
    lastDraw = now;
    String text = Echo.visible(bar(now));
    if (text.length() > width - 1) {
      text = text.substring(0, width - 1);
    }
    StringBuilder b = new StringBuilder("\r").append(text);
    if (text.length() < drawn) {
      b.append(" ".repeat(drawn - text.length()));
    }
    drawn = text.length();
    Echo.raw(out).print(b); // the carriage return redraws the bar
    out.flush();
  }

  String bar(Instant now) {
    int cells = 20;
    int filled = total == 0 ? cells : (int) ((long) done * cells / total);
    String eta = "--:--";
    long elapsed = Duration.between(start, now).toSeconds();
    if (done > 0 && done < total) {
      eta = ProgressLine.clockTime(Math.round((double) elapsed * (total - done) / done));
    } else if (done == total) {
      eta = "00:00";
    }
    return String.format(
        Locale.ROOT,
        "jobs %d/%d [%s%s] %d%% | %d file%s | %s | ETA %s",
        done,
        total,
        "#".repeat(filled),
        "-".repeat(cells - filled),
        total == 0 ? 100 : done * 100L / total,
        files,
        files == 1 ? "" : "s",
        size(bytes),
        eta);
  }

  /** Bytes for people: {@code 812 B}, {@code 3.4 KiB}, {@code 1.2 MiB}, {@code 2.0 GiB}. */
  static String size(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
