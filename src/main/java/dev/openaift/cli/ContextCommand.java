package dev.openaift.cli;

import dev.openaift.api.FineTuningGateway;
import dev.openaift.archive.FollowSession;
import dev.openaift.follow.CancellableSleeper;

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
