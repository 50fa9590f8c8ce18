package dev.openaift.follow;

import dev.openaift.api.ApiException;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.time.Duration;
import java.util.List;

/** What the follow loop reports. Every method does nothing by default. */
public interface FollowListener {

  /** New events, each reported once, oldest first; never an empty list. */
  default void onEvents(List<JobEvent> newEventsOldestFirst) {}

  /** The job as just polled. */
  default void onJob(Job job) {}

  /**
   * A transient fault (rate limit, server, network) that the loop will retry after {@code wait}.
   *
   * @param attempt 1 for the first retry of this call, then 2, 3, ...
   */
  default void onRetry(ApiException fault, int attempt, Duration wait) {}

  /** The job is terminal and every event has been reported. */
  default void onDone(Job job) {}

  /** A listener that reports nothing. */
  static FollowListener silent() {
    return new FollowListener() {};
  }

  /** A listener passing everything on to each of {@code listeners}, in order. */
  static FollowListener all(FollowListener... listeners) {
    List<FollowListener> all = List.of(listeners);
    return new FollowListener() {
      @Override
      public void onEvents(List<JobEvent> events) {
        all.forEach(l -> l.onEvents(events));
      }

      @Override
      public void onJob(Job job) {
        all.forEach(l -> l.onJob(job));
      }

      @Override
      public void onRetry(ApiException fault, int attempt, Duration wait) {
        all.forEach(l -> l.onRetry(fault, attempt, wait));
      }

      @Override
      public void onDone(Job job) {
        all.forEach(l -> l.onDone(job));
      }
    };
  }
}
