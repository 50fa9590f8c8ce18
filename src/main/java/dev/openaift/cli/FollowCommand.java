package dev.openaift.cli;

import dev.openaift.api.FineTuningGateway;
import dev.openaift.archive.Archive;
import dev.openaift.archive.ArchiveSettings;
import dev.openaift.archive.FollowSession;
import dev.openaift.follow.FollowOptions;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code openai-ft follow JOB_ID}: every event of a job once, oldest first, live until it ends. */
@Command(
    name = "follow",
    mixinStandardHelpOptions = true,
    description = {
      "Print a job's events once each, oldest first, and follow it live until it ends.",
      "",
      "Lines read [YYYY-MM-DD HH:MM:SS] message (local time), with a progress line on terminals."
          + " Events are kept in REPORTS-DIR/JOB_ID/events.jsonl, so a rerun after a kill goes on"
          + " without duplicates. Exit 0 when the job succeeded, 3 when it failed or was cancelled,"
          + " 130 on Ctrl-C (the job keeps running).",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft follow ftjob-abc123",
      "  openai-ft follow ftjob-abc123 --report --report-every 60",
      "  openai-ft follow ftjob-abc123 --json | jq .message"
    })
final class FollowCommand extends ContextCommand {
  @Mixin ConnectionOptions connection;

  @Parameters(
      index = "0",
      paramLabel = "JOB_ID",
      description = "The job to follow, e.g. ftjob-abc123.")
  String jobId;

  @Mixin ProgressOption progress;

  @Option(names = "--json", description = "Print each event as one JSON line (no progress line).")
  boolean json;

  @Option(
      names = "--report",
      description = "Write the job's report and the archive index when the job ends.")
  boolean report;

  @Option(
      names = "--report-every",
      paramLabel = "SECONDS",
      description =
          "Also refresh the report while the job runs, at most this often (implies --report).")
  Double reportEvery;

  @Mixin ReportsDirOption reportsDir;

  @Mixin PollOption poll;

  FollowCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    JobIdArgs.check(spec, jobId);
    FollowOptions followOptions = poll.followOptions();
    Duration every =
        reportEvery == null ? null : PollOption.seconds(spec, "--report-every", reportEvery);
    Archive archive = new Archive(reportsDir.dir(), notices());
    FollowSession.Settings settings =
        new FollowSession.Settings(
            archive,
            ArchiveSettings.defaults(context.zone())
                .withShutdowns(RetirementOptions.builtIn(context.clock())),
            report || every != null,
            every,
            followOptions);
    var sleeper = context.cancellableSleeper();
    try (FineTuningGateway gateway = connection.gateway(context, sleeper)) {
      FollowRunner.Display display = new FollowRunner.Display(progress.shown(context), json);
      return FollowRunner.run(context, out(), err(), gateway, sleeper, jobId, settings, display)
          .exitCode()
          .code();
    }
  }
}
