package dev.openaift.metrics;

import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** When the job was created, started and finished, and how long each phase took. */
final class Timeline {

  final Map<String, Long> timestamps = new TreeMap<>();
  final Map<String, Long> durations = new TreeMap<>();

  private Timeline() {}

  /**
   * {@code created}: the job's created_at, else the "Created fine-tuning job" event. {@code
   * started}: the first "Fine-tuning job started" (or legacy "Fine-tune started") event, else the
   * first metrics event. {@code finished}: the job's finished_at, else the last event saying the
   * job succeeded, failed or was cancelled. Durations {@code queued} (created to started), {@code
   * training} (started to finished) and {@code total} (created to finished) when both ends are
   * known and in order. When neither the job nor the events say, the result file's times ({@code
   * timing}, may be null) give {@code started} (its first timed row) and, for a finished job or a
   * loose file, {@code finished} (its last).
   */
  static Timeline of(Job job, List<JobEvent> events, StepTiming timing) {
    Timeline t = new Timeline();
    Long created = job == null ? null : job.createdAt();
    Long started = null;
    Long firstMetrics = null;
    Long finished = job == null ? null : job.finishedAt();
    Long lastTerminal = null;
    for (JobEvent e : events) {
      String msg = e.message().toLowerCase(Locale.ROOT);
      if (created == null
          && (msg.startsWith("created fine-tuning job") || msg.startsWith("created fine-tune"))) {
        created = e.createdAt();
      }
      if (started == null
          && (msg.startsWith("fine-tuning job started") || msg.startsWith("fine-tune started"))) {
        started = e.createdAt();
      }
      if (firstMetrics == null && e.isMetrics()) {
        firstMetrics = e.createdAt();
      }
      if (isTerminal(msg)) {
        lastTerminal = e.createdAt();
      }
    }
    if (started == null) {
      started = firstMetrics;
    }
    if (started == null && timing != null) {
      started = (long) Math.floor(timing.firstAt());
    }
    if (finished == null && (job == null || job.isTerminal())) {
      finished = lastTerminal;
      if (finished == null && timing != null) {
        // both ends truncated to the second, as a clock shows them: the duration stays within a
        // second of the rows' own (floor and ceil made it up to two seconds too long)
        finished = (long) Math.floor(timing.lastAt());
      }
    }
    put(t.timestamps, "created", created);
    put(t.timestamps, "started", started);
    put(t.timestamps, "finished", finished);
    duration(t.durations, "queued", created, started);
    duration(t.durations, "training", started, finished);
    duration(t.durations, "total", created, finished);
    return t;
  }

  /** Messages that end a job, current and legacy wording. */
  static boolean isTerminal(String lowerMessage) {
    return lowerMessage.contains("job has successfully completed")
        || lowerMessage.contains("job has failed")
        || lowerMessage.contains("job failed")
        || lowerMessage.contains("job was cancelled")
        || lowerMessage.contains("job has been cancelled")
        || lowerMessage.startsWith("fine-tune succeeded")
        || lowerMessage.startsWith("fine-tune failed")
        || lowerMessage.startsWith("fine-tune cancelled");
  }

  private static void put(Map<String, Long> m, String key, Long value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  private static void duration(Map<String, Long> m, String key, Long from, Long to) {
    if (from != null && to != null && to >= from) {
      m.put(key, to - from);
    }
  }
}
