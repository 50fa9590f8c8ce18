package dev.openaift.follow;

import dev.openaift.api.ApiException;
import dev.openaift.api.FineTuningGateway;
import dev.openaift.api.Pages;
import dev.openaift.api.Sleeper;
import dev.openaift.job.EventOrder;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Follows one job: reports each of its events exactly once, oldest first, then polls until the job
 * is terminal and its last events are in.
 *
 * <p>One read: take the newest page; if it holds an event already seen, stop there, else page back
 * ({@code after} = the oldest id of the page) until {@code has_more} is false or a seen event shows
 * up. The unseen events are put oldest first, stored, then reported. Then the job is polled. Once
 * the job is terminal, the loop waits one poll interval (events may land after the status flips; no
 * wait when the job finished over a minute ago) and reads again until a read brings nothing new.
 *
 * <p>Rate limits, server errors and network errors are retried with a doubling wait through the
 * {@link Sleeper}; a failed read stores and reports nothing, so a retry neither loses nor repeats
 * an event. Other API errors (unauthorized, not found, ...) are thrown. {@link #cancel()} or an
 * interrupt ends the loop cleanly with the last job known.
 */
public final class EventFollower {
  private static final Duration SETTLED = Duration.ofMinutes(1);

  private final FineTuningGateway gateway;
  private final String jobId;
  private final EventStore store;
  private final FollowListener listener;
  private final Clock clock;
  private final Sleeper sleeper;
  private final FollowOptions options;
  private final Retries retries;
  private volatile boolean cancelled;
  private volatile Job lastJob;
  private boolean lastReadFound;
  private int reported;

  public EventFollower(
      FineTuningGateway gateway,
      String jobId,
      EventStore store,
      FollowListener listener,
      Clock clock,
      Sleeper sleeper,
      FollowOptions options) {
    this.gateway = Objects.requireNonNull(gateway, "gateway");
    this.jobId = Objects.requireNonNull(jobId, "jobId");
    this.store = Objects.requireNonNull(store, "store");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.options = Objects.requireNonNull(options, "options");
    this.retries = new Retries(clock, options);
  }

  /** Asks the loop to stop at its next step; safe from any thread (e.g. a Ctrl-C hook). */
  public void cancel() {
    cancelled = true;
  }

  /** The job as last polled, or null. */
  public Job lastJob() {
    return lastJob;
  }

  /**
   * Follows until the job is terminal and drained, or until cancelled or interrupted (the thread's
   * interrupt flag is then set again for the caller).
   *
   * @throws ApiException a non-transient API error, or a transient one that outlasted {@link
   *     FollowOptions#giveUpAfter()}
   */
  public FollowResult follow() {
    try {
      Duration interval = options.pollInterval();
      while (true) {
        read();
        Job previous = lastJob;
        Job job = withRetries(() -> gateway.getJob(jobId));
        lastJob = job;
        listener.onJob(job);
        if (job.isTerminal()) {
          drainAfterEnd(job);
          listener.onDone(lastJob);
          return new FollowResult(lastJob, false, reported);
        }
        boolean changed = previous == null || !Objects.equals(previous.status(), job.status());
        interval = lastReadFound || changed ? options.pollInterval() : longer(interval);
        sleep(interval);
      }
    } catch (Stopped stopped) {
      if (stopped.byInterrupt) {
        Thread.currentThread().interrupt();
      }
      return new FollowResult(lastJob, true, reported);
    }
  }

  /**
   * One read: every event not seen yet, oldest first, already stored and reported to the listener.
   * Used by {@link #follow()}; on its own it lists a job's events once (e.g. {@code events
   * JOB_ID}).
   *
   * @throws ApiException as {@link #follow()}; kind {@link ApiException.Kind#INTERRUPTED} when
   *     cancelled or interrupted during the read
   */
  public List<JobEvent> readNew() {
    try {
      return read();
    } catch (Stopped stopped) {
      if (stopped.byInterrupt) {
        Thread.currentThread().interrupt();
      }
      throw new ApiException(
          ApiException.Kind.INTERRUPTED, "interrupted while reading the events of " + jobId);
    }
  }

  private List<JobEvent> read() {
    // Pages of a backlog are held by the store as they arrive, so a killed run keeps them; a later
    // read
    // walks from the top down to what was held, then continues below the oldest held event.
    List<JobEvent> held = store.held();
    Set<String> heldIds = new HashSet<>();
    held.forEach(e -> heldIds.add(e.id()));
    List<JobEvent> newer = new ArrayList<>();
    List<JobEvent> older = new ArrayList<>();
    Set<String> collected = new HashSet<>();
    // where the fresh events of a page go: newer (above what is held), then older (below it)
    List<List<JobEvent>> target = new ArrayList<>(List.of(held.isEmpty() ? older : newer));
    Pages.Fetch<JobEvent> fetch =
        cursor -> withRetries(() -> gateway.listEvents(jobId, cursor, options.pageSize()));
    Pages.walk(
        null,
        fetch,
        (page, after) -> {
          List<JobEvent> into = target.get(0);
          boolean reachedSeen = false;
          boolean reachedHeld = false;
          List<JobEvent> fresh = new ArrayList<>();
          for (JobEvent e : page.data()) {
            if (store.contains(e.id())) {
              reachedSeen = true;
            } else if (heldIds.contains(e.id())) {
              reachedHeld = true;
            } else if (collected.add(e.id())) {
              fresh.add(e);
            }
          }
          into.addAll(fresh);
          if (into == older && !fresh.isEmpty()) {
            // only pages going down from the oldest held event: the held events stay one run,
            // newest first
            store.hold(fresh);
          }
          if (reachedSeen) {
            return null;
          }
          if (reachedHeld && into == newer) {
            target.set(0, older);
            return held.get(held.size() - 1).id();
          }
          return Pages.lastId(page, JobEvent::id);
        });
    List<JobEvent> newestFirst = new ArrayList<>(newer);
    newestFirst.addAll(held);
    newestFirst.addAll(older);
    List<JobEvent> fresh = oldestFirst(newestFirst);
    lastReadFound = !fresh.isEmpty();
    // also when nothing is new: the read has ended, and a run killed after storing the events it
    // held but before dropping them leaves them held
    store.append(fresh);
    if (!fresh.isEmpty()) {
      reported += fresh.size();
      listener.onEvents(fresh);
    }
    return fresh;
  }

  /** Events of one read in true order ({@link EventOrder#fromNewestFirst}). */
  static List<JobEvent> oldestFirst(List<JobEvent> newestFirst) {
    return EventOrder.fromNewestFirst(newestFirst);
  }

  private void drainAfterEnd(Job job) {
    boolean longDone =
        job.finishedAt() != null
            && Duration.between(Instant.ofEpochSecond(job.finishedAt()), clock.instant())
                    .compareTo(SETTLED)
                > 0;
    if (!longDone) {
      sleep(options.pollInterval());
    }
    while (true) {
      if (read().isEmpty()) {
        return;
      }
      sleep(options.pollInterval());
    }
  }

  private Duration longer(Duration interval) {
    Duration grown = interval.plus(interval.dividedBy(2));
    return grown.compareTo(options.maxPollInterval()) > 0 ? options.maxPollInterval() : grown;
  }

  private <T> T withRetries(Supplier<T> call) {
    return retries.call(
        () -> {
          checkStop();
          try {
            return call.get();
          } catch (ApiException e) {
            if (e.kind() == ApiException.Kind.INTERRUPTED) {
              throw new Stopped(true);
            }
            throw e;
          }
        },
        listener::onRetry,
        this::sleep);
  }

  private void sleep(Duration d) {
    checkStop();
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      throw new Stopped(true);
    }
    checkStop();
  }

  private void checkStop() {
    if (Thread.currentThread().isInterrupted()) {
      throw new Stopped(true);
    }
    if (cancelled) {
      throw new Stopped(false);
    }
  }

  /** Unwinds the loop on cancel or interrupt. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final boolean byInterrupt;

    Stopped(boolean byInterrupt) {
      super(null, null, false, false);
      this.byInterrupt = byInterrupt;
    }
  }
}
