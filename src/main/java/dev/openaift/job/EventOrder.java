package dev.openaift.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The true order of a job's events, oldest first. {@code created_at} has whole seconds and event
 * ids are random, so within a second only the service's own order tells which came first: it lists
 * events newest first, so its order reversed is the true one. Metrics events also carry their step,
 * which orders them among themselves. Every reader and view of events goes through here: the
 * follower and {@code events} (pages from the API), and the readers of saved files (the archive's
 * {@code events.jsonl}, written oldest first, or files saved by other tools, a list page newest
 * first).
 */
public final class EventOrder {
  private EventOrder() {}

  /** Events as the API lists them (newest first, page after page), oldest first. */
  public static List<JobEvent> fromNewestFirst(List<JobEvent> newestFirst) {
    List<JobEvent> out = new ArrayList<>(newestFirst);
    Collections.reverse(out);
    return inTime(out);
  }

  /**
   * Events in the order a file holds them, oldest first. The file's direction is read from the
   * events: {@code created_at} going down more often than up means newest first (a saved list
   * page); when the times cannot tell (one second), the steps of metrics events decide, then {@code
   * listedNewestFirst} (true for a file that is a list page, as the API returns it).
   */
  public static List<JobEvent> fromFile(List<JobEvent> inFileOrder, boolean listedNewestFirst) {
    int down = 0;
    int up = 0;
    for (int i = 1; i < inFileOrder.size(); i++) {
      int c = Long.compare(inFileOrder.get(i).createdAt(), inFileOrder.get(i - 1).createdAt());
      down += c < 0 ? 1 : 0;
      up += c > 0 ? 1 : 0;
    }
    if (down == up) {
      Long previous = null;
      for (JobEvent e : inFileOrder) {
        Long step = step(e);
        if (step != null) {
          if (previous != null) {
            down += step < previous ? 1 : 0;
            up += step > previous ? 1 : 0;
          }
          previous = step;
        }
      }
    }
    boolean newestFirst = down != up ? down > up : listedNewestFirst;
    return newestFirst ? fromNewestFirst(inFileOrder) : inTime(inFileOrder);
  }

  /**
   * Events already oldest first except perhaps across seconds: a stable sort by {@code created_at}
   * (the given order is kept within a second), then, within each second, the metrics events put in
   * step order in the places metrics events hold (messages keep their places).
   */
  public static List<JobEvent> inTime(List<JobEvent> events) {
    List<JobEvent> out = new ArrayList<>(events);
    out.sort(Comparator.comparingLong(JobEvent::createdAt));
    int from = 0;
    while (from < out.size()) {
      int to = from + 1;
      while (to < out.size() && out.get(to).createdAt() == out.get(from).createdAt()) {
        to++;
      }
      if (to - from > 1) {
        stepOrder(out, from, to);
      }
      from = to;
    }
    return out;
  }

  private static void stepOrder(List<JobEvent> out, int from, int to) {
    List<Integer> slots = new ArrayList<>();
    List<JobEvent> metrics = new ArrayList<>();
    for (int i = from; i < to; i++) {
      if (step(out.get(i)) != null) {
        slots.add(i);
        metrics.add(out.get(i));
      }
    }
    if (metrics.size() < 2) {
      return;
    }
    metrics.sort(Comparator.comparingLong(EventOrder::step));
    for (int k = 0; k < slots.size(); k++) {
      out.set(slots.get(k), metrics.get(k));
    }
  }

  /** The step of a metrics event, or null. */
  static Long step(JobEvent e) {
    if (!e.isMetrics()) {
      return null;
    }
    return e.data().get("step") instanceof Number n ? n.longValue() : null;
  }
}
