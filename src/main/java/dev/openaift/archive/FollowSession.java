package dev.openaift.archive;

import dev.openaift.api.ApiException;
import dev.openaift.api.FineTuningGateway;
import dev.openaift.follow.CancellableSleeper;
import dev.openaift.follow.EventFollower;
import dev.openaift.follow.EventStore;
import dev.openaift.follow.FollowListener;
import dev.openaift.follow.FollowOptions;
import dev.openaift.follow.FollowResult;
import dev.openaift.follow.InMemoryEventStore;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import dev.openaift.job.JobIds;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Follows one job for {@code openai-ft follow} (and {@code events --follow}): checks that the job
 * exists, prints the events already stored in its archive folder, then follows it live, storing
 * every new event in {@code <archive>/<job-id>/events.jsonl} before printing it. So a rerun after a
 * kill prints the history from the file and then only what is new: no event printed twice, none
 * skipped.
 *
 * <p>With reports on, the report and the archive index are written when the job ends, and with an
 * interval also while it runs (the page then says the job is still running). The archive's lock is
 * held only while a report is written, never while following: an interim report is skipped while
 * another run holds it (tried again at the next poll), the final one waits for it. A job whose
 * folder holds a job of that id from another provider or host is refused before anything is written
 * ({@link Archive#claim}).
 */
public final class FollowSession {

  /**
   * How to follow.
   *
   * @param archive where events are stored; null keeps them in memory (nothing written)
   * @param report write the report and archive index when the job ends (needs an archive)
   * @param reportEvery refresh the report this often while the job runs, or null
   * @param follow the loop's pacing
   */
  public record Settings(
      Archive archive,
      ArchiveSettings archiveSettings,
      boolean report,
      Duration reportEvery,
      FollowOptions follow) {
    public Settings {
      Objects.requireNonNull(follow, "follow");
      if ((report || reportEvery != null) && (archive == null || archiveSettings == null)) {
        throw new IllegalArgumentException("reports need an archive");
      }
      if (reportEvery != null && (reportEvery.isNegative() || reportEvery.isZero())) {
        throw new IllegalArgumentException("the report interval must be positive");
      }
    }
  }

  /**
   * How following ended.
   *
   * @param result the follow loop's result (last job, interrupted or not, new events)
   * @param replayed events printed from the archive before following
   * @param report the final report, or null
   * @param index the archive index written at the end, or null
   */
  public record Outcome(FollowResult result, int replayed, JobArchiver.Report report, Path index) {
    public Job job() {
      return result.job();
    }

    public boolean interrupted() {
      return result.interrupted();
    }
  }

  private final FineTuningGateway gateway;
  private final Settings settings;
  private final FollowListener printer;
  private final Clock clock;
  private final CancellableSleeper sleeper;
  private volatile EventFollower follower;
  private volatile boolean cancelled;

  /**
   * @param printer what prints the events (plain lines, progress line, JSON lines)
   * @param sleeper the waits of the loop; {@link #cancel()} ends them (give the gateway the same
   *     one)
   */
  public FollowSession(
      FineTuningGateway gateway,
      Settings settings,
      FollowListener printer,
      Clock clock,
      CancellableSleeper sleeper) {
    this.gateway = Objects.requireNonNull(gateway, "gateway");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.printer = Objects.requireNonNull(printer, "printer");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** Stops following at the next step (Ctrl-C); safe from any thread. The job is left alone. */
  public void cancel() {
    cancelled = true;
    sleeper.cancel();
    EventFollower f = follower;
    if (f != null) {
      f.cancel();
    }
  }

  /** The job as last polled, or null. */
  public Job lastJob() {
    EventFollower f = follower;
    return f == null ? null : f.lastJob();
  }

  /**
   * Follows the job until it ends or {@link #cancel()} is called.
   *
   * @throws IllegalArgumentException when the id is not a valid job id (before any request)
   * @throws dev.openaift.api.ApiException an unknown job, a rejected key, or faults that outlasted
   *     the retries
   */
  public Outcome run(String jobId) {
    JobIds.requireSafe(jobId);
    Archive archive = settings.archive();
    if (archive != null) {
      archive.folder(jobId);
    }
    checkExists(jobId);
    if (archive != null) {
      // a job of this id from another provider or host is in the folder: its events stay its own
      archive.claim(jobId, JobSource.of(gateway.connection()));
    }
    FileEventStore fileStore =
        archive == null ? null : FileEventStore.open(archive.eventsFile(jobId));
    try {
      EventStore store = fileStore != null ? fileStore : new InMemoryEventStore();
      List<JobEvent> stored = fileStore != null ? fileStore.events() : List.of();
      if (!stored.isEmpty()) {
        printer.onEvents(stored);
      }
      JobArchiver archiver =
          settings.report() || settings.reportEvery() != null
              ? new JobArchiver(gateway, archive, settings.archiveSettings(), clock, sleeper)
              : null;
      FollowListener listener =
          settings.reportEvery() == null
              ? printer
              : FollowListener.all(
                  printer, new InterimReports(archiver, archive, settings, clock, () -> cancelled));
      EventFollower f =
          new EventFollower(gateway, jobId, store, listener, clock, sleeper, settings.follow());
      follower = f;
      if (cancelled) {
        f.cancel();
      }
      FollowResult result;
      try {
        result = f.follow();
      } catch (RuntimeException e) {
        if (!cancelled) {
          throw e;
        }
        // Ctrl-C came while a report was being written: the JVM is shutting down, so that work may
        // fail in odd ways. The events are stored; this is an interrupt, not an error.
        return new Outcome(
            new FollowResult(f.lastJob(), true, store.size() - stored.size()),
            stored.size(),
            null,
            null);
      }
      JobArchiver.Report report = null;
      Path index = null;
      if (!result.interrupted() && settings.report() && result.job() != null) {
        try {
          report = archiver.update(result.job(), false);
          index = archive.rebuildIndex(settings.archiveSettings(), clock);
        } catch (RuntimeException e) {
          if (!cancelled) {
            throw e;
          }
          return new Outcome(
              new FollowResult(result.job(), true, result.newEvents()), stored.size(), null, null);
        }
      }
      return new Outcome(result, stored.size(), report, index);
    } finally {
      if (fileStore != null) {
        fileStore.close();
      }
    }
  }

  /**
   * Asks for the job once before anything is written, so an unknown job leaves no folder behind;
   * rate limits, server and network faults are tried again a few times (1, 2, 4 s).
   */
  private void checkExists(String jobId) {
    Duration wait = Duration.ofSeconds(1);
    for (int attempt = 1; ; attempt++) {
      try {
        gateway.getJob(jobId);
        return;
      } catch (ApiException e) {
        if (!e.kind().transientFault() || attempt > 3 || cancelled) {
          throw e;
        }
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiException(
            ApiException.Kind.INTERRUPTED, "interrupted while looking up " + jobId);
      }
      wait = wait.multipliedBy(2);
    }
  }

  /** Refreshes the report and the index while the job runs, at most once per interval. */
  private static final class InterimReports implements FollowListener {
    private final JobArchiver archiver;
    private final Archive archive;
    private final Settings settings;
    private final Clock clock;
    private final BooleanSupplier cancelled;
    private Instant last;

    InterimReports(
        JobArchiver archiver,
        Archive archive,
        Settings settings,
        Clock clock,
        BooleanSupplier cancelled) {
      this.cancelled = cancelled;
      this.archiver = archiver;
      this.archive = archive;
      this.settings = settings;
      this.clock = clock;
      this.last = clock.instant();
    }

    @Override
    public void onJob(Job job) {
      if (job.isTerminal() || cancelled.getAsBoolean()) {
        return;
      }
      Instant now = clock.instant();
      if (Duration.between(last, now).compareTo(settings.reportEvery()) < 0) {
        return;
      }
      // an interim page is optional: while another run writes into the archive it waits for the
      // next poll instead of holding up the follow loop
      Archive.Lock held = archive.tryLock("reporting " + job.id());
      if (held == null) {
        return;
      }
      try (held) {
        last = now;
        if (archiver.update(job, true) != null) {
          archive.rebuildIndex(settings.archiveSettings(), clock);
        }
      }
    }
  }
}
