package dev.openaift.follow;

import dev.openaift.io.Echo;
import dev.openaift.job.JobEvent;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Prints each event as {@code [YYYY-MM-DD HH:MM:SS] message}, in a given time zone (local time for
 * users).
 */
public final class PlainEventPrinter implements FollowListener {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private final PrintWriter out;
  private final ZoneId zone;

  public PlainEventPrinter(PrintWriter out, ZoneId zone) {
    this.out = out;
    this.zone = zone;
  }

  /** Local time of this machine. */
  public PlainEventPrinter(PrintWriter out) {
    this(out, ZoneId.systemDefault());
  }

  /**
   * One event's line, without the line break. The message comes from the API: its control
   * characters (escape sequences, CR, BEL, NUL, line breaks) are shown as visible escapes, so it
   * cannot drive the terminal or forge a line.
   */
  public static String line(JobEvent event, ZoneId zone) {
    return "["
        + TIME.format(Instant.ofEpochSecond(event.createdAt()).atZone(zone))
        + "] "
        + Echo.visible(event.message());
  }

  @Override
  public void onEvents(List<JobEvent> events) {
    for (JobEvent e : events) {
      out.println(line(e, zone));
    }
    out.flush();
  }
}
