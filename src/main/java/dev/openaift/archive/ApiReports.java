package dev.openaift.archive;

import dev.openaift.api.FineTuningGateway;
import dev.openaift.api.Pages;
import dev.openaift.api.Sleeper;
import dev.openaift.job.Job;
import dev.openaift.job.JobIds;
import java.time.Clock;
import java.util.List;

/**
 * {@code report JOB_ID...} and {@code report --all}: jobs fetched from the API, archived and
 * reported one at a time by a {@link JobArchiver}; a job that fails is the guard's to report, and
 * the others go on.
 */
public final class ApiReports {
  /** The API's largest page of jobs. */
  private static final int PAGE = 100;

  /** Told what happened to each job, in order. */
  public interface Listener {
    /** A job archived (and reported when it had events or results). */
    void archived(JobArchiver.Archived archived);

    /** A listed job left alone: one line saying which and why. */
    void skipped(String line);
  }

  private final FineTuningGateway gateway;
  private final Archive archive;
  private final JobArchiver archiver;

  /**
   * Reports into {@code archive} with {@code settings}; the API's retries wait with {@code
   * sleeper}.
   */
  public ApiReports(
      FineTuningGateway gateway,
      Archive archive,
      ArchiveSettings settings,
      Clock clock,
      Sleeper sleeper) {
    this.gateway = gateway;
    this.archive = archive;
    this.archiver = new JobArchiver(gateway, archive, settings, clock, sleeper);
  }

  /** Archives and reports the jobs of {@code ids}, in that order. */
  public void jobs(List<String> ids, Backup.JobGuard guard, Listener listener) {
    for (String id : ids) {
      guard.attempt(id, () -> listener.archived(archiver.archive(id)));
    }
  }

  /**
   * Archives and reports every job of the account, page by page; a job whose id is no usable folder
   * name is skipped, and so is a finished job already archived unless {@code force} (which counts
   * as done for the guard).
   */
  public void all(boolean force, Backup.JobGuard guard, Listener listener) {
    Pages.walk(
        after -> gateway.listJobs(after, PAGE),
        Job::id,
        page -> {
          for (Job j : page.data()) {
            if (!JobIds.isSafe(j.id())) {
              listener.skipped("skipped " + j.id() + ": not a usable job id");
            } else if (!force && archive.hasFinished(j.id())) {
              guard.attempt(
                  j.id(),
                  () ->
                      listener.skipped(
                          "skipped " + j.id() + " (" + j.status() + ", already archived)"));
            } else {
              guard.attempt(j.id(), () -> listener.archived(archiver.archive(j)));
            }
          }
          return true;
        });
  }
}
