package dev.openaift.cli;

import dev.openaift.api.FineTuningGateway;
import dev.openaift.archive.FollowSession;
import dev.openaift.follow.CancellableSleeper;
import dev.openaift.follow.FollowOptions;
import dev.openaift.follow.Retries;
import dev.openaift.lifecycle.JobLauncher;

/**
 * A command that works with the {@link CliContext} (environment, clock, zone, gateways, sleepers),
 * given when picocli builds it ({@link ContextFactory}), and may follow a job.
 */
abstract class ContextCommand extends BaseCommand {
  final CliContext context;

  ContextCommand(CliContext context) {
    this.context = context;
  }

  /**
   * How this command sends a job's create again when no answer came ({@link
   * JobLauncher#createOnce}): the follow loop's retry policy, waits that Ctrl-C cuts short, and a
   * line on stderr for each retry and for a job found started.
   */
  JobLauncher.Sending sending(CancellableSleeper sleeper) {
    return new JobLauncher.Sending(
        new Retries(context.clock(), FollowOptions.defaults()),
        wait -> sleeper.sleepOrStop(wait, "to retry"),
        notices());
  }

  /**
   * Follows {@code jobId} to its end with this command's streams ({@link FollowRunner#run}): a
   * progress line when {@code progress}, JSON lines when {@code json}.
   */
  FollowRunner.Result follow(
      FineTuningGateway gateway,
      CancellableSleeper sleeper,
      String jobId,
      FollowSession.Settings settings,
      boolean progress,
      boolean json) {
    return FollowRunner.run(
        context,
        out(),
        err(),
        gateway,
        sleeper,
        jobId,
        settings,
        new FollowRunner.Display(progress, json));
  }
}
