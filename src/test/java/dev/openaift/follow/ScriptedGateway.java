package dev.openaift.follow;

import dev.openaift.api.ApiException;
import dev.openaift.api.Page;
import dev.openaift.api.UnusedGateway;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A fake API for one job: events become visible when the clock reaches their {@code created_at};
 * the status follows a timeline; a seeded share of calls fails with a transient fault.
 */
final class ScriptedGateway extends UnusedGateway {
  static final String JOB = "ftjob-test";

  private final Clock clock;
  private final List<JobEvent> timeline = new ArrayList<>();
  private final TreeMap<Long, String> statuses = new TreeMap<>();
  private Random faults;
  private double faultRate;
  private String errorMessage;
  int listEventsCalls;
  int getJobCalls;
  int faultsThrown;
  final List<String> afters = new ArrayList<>();
  ApiException failGetJobWith;
  ApiException failListEventsWith;

  ScriptedGateway(Clock clock) {
    this.clock = clock;
  }

  /** Adds events in chronological order (several may share a second). */
  ScriptedGateway event(long at, String message, Map<String, Object> data) {
    String id = "ftevent-" + String.format(java.util.Locale.ROOT, "%05d", timeline.size() + 1);
    timeline.add(
        new JobEvent(id, at, "info", message, data.isEmpty() ? "message" : "metrics", data));
    return this;
  }

  ScriptedGateway status(long from, String status) {
    statuses.put(from, status);
    return this;
  }

  ScriptedGateway error(String message) {
    this.errorMessage = message;
    return this;
  }

  ScriptedGateway faults(long seed, double rate) {
    this.faults = new Random(seed);
    this.faultRate = rate;
    return this;
  }

  List<JobEvent> timeline() {
    return List.copyOf(timeline);
  }

  private void maybeFail() {
    if (faults != null && faults.nextDouble() < faultRate) {
      faultsThrown++;
      ApiException.Kind kind =
          switch (faultsThrown % 3) {
            case 0 -> ApiException.Kind.SERVER;
            case 1 -> ApiException.Kind.NETWORK;
            default -> ApiException.Kind.RATE_LIMITED;
          };
      throw new ApiException(kind, "scripted " + kind);
    }
  }

  @Override
  public Job getJob(String jobId) {
    getJobCalls++;
    if (failGetJobWith != null) {
      throw failGetJobWith;
    }
    maybeFail();
    long now = clock.instant().getEpochSecond();
    Map.Entry<Long, String> current = statuses.floorEntry(now);
    String status = current == null ? "validating_files" : current.getValue();
    boolean terminal =
        status.equals("succeeded") || status.equals("failed") || status.equals("cancelled");
    return new Job(
        jobId,
        status,
        "gpt-4o-mini-2024-07-18",
        terminal && status.equals("succeeded") ? "ft:gpt-4o-mini:org:x:1" : null,
        "org-test",
        statuses.isEmpty() ? null : statuses.firstKey(),
        terminal ? current.getKey() : null,
        null,
        null,
        "file-train",
        null,
        List.of(),
        "supervised",
        Map.of(),
        null,
        1L,
        null,
        status.equals("failed") ? errorMessage : null,
        Map.of());
  }

  @Override
  public Page<JobEvent> listEvents(String jobId, String after, int limit) {
    listEventsCalls++;
    afters.add(after);
    if (failListEventsWith != null) {
      throw failListEventsWith;
    }
    maybeFail();
    long now = clock.instant().getEpochSecond();
    List<JobEvent> newestFirst = new ArrayList<>();
    for (int i = timeline.size() - 1; i >= 0; i--) {
      if (timeline.get(i).createdAt() <= now) {
        newestFirst.add(timeline.get(i));
      }
    }
    int start = 0;
    if (after != null) {
      start = -1;
      for (int i = 0; i < newestFirst.size(); i++) {
        if (newestFirst.get(i).id().equals(after)) {
          start = i + 1;
        }
      }
      if (start < 0) {
        throw new AssertionError("after= an unknown id " + after);
      }
    }
    int end = Math.min(newestFirst.size(), start + limit);
    return new Page<>(newestFirst.subList(start, end), end < newestFirst.size());
  }
}
