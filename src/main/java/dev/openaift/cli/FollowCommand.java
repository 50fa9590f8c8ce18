package dev.openaift.cli;

import dev.openaift.api.FineTuningGateway;
import dev.openaift.archive.Archive;
import dev.openaift.archive.ArchiveSettings;
import dev.openaift.archive.FollowSession;
import dev.openaift.follow.CancellableSleeper;
import dev.openaift.follow.FollowOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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
final class FollowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Parameters(
      index = "0",
      paramLabel = "JOB_ID",
      description = "The job to follow, e.g. ftjob-abc123.")
  String jobId;

  @Option(names = "--no-progress", description = "Plain event lines only, no progress line.")
  boolean noProgress;

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

  @Option(
      names = "--reports-dir",
      paramLabel = "DIR",
      defaultValue = "reports",
      description = "The archive (default: ${DEFAULT-VALUE}).")
  Path reportsDir;

  @Option(
      names = "--poll",
      paramLabel = "SECONDS",
      defaultValue = "2",
      description =
          "Seconds between polls while the job changes; quiet jobs are polled less often, up to 10"
              + " s (default: ${DEFAULT-VALUE}).")
  double poll;

  private final CliContext context;

  FollowCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    JobIdArgs.check(spec, jobId);
    FollowOptions followOptions = pollOptions(spec, poll);
    Duration every = reportEvery == null ? null : seconds(spec, "--report-every", reportEvery);
    java.io.PrintWriter err = spec.commandLine().getErr();
    Archive archive =
        new Archive(
            reportsDir,
            line -> {
              err.println("openai-ft: " + line);
              err.flush();
            });
    FollowSession.Settings settings =
        new FollowSession.Settings(
            archive,
            ArchiveSettings.defaults(context.zone())
                .withShutdowns(RetirementOptions.builtIn(context.clock())),
            report || every != null,
            every,
            followOptions);
    CancellableSleeper sleeper = new CancellableSleeper();
    try (FineTuningGateway gateway = connection.gateway(context, sleeper)) {
      FollowRunner.Display display =
          new FollowRunner.Display(context.terminal() && !noProgress, json);
      return FollowRunner.run(
              context,
              spec.commandLine().getOut(),
              spec.commandLine().getErr(),
              gateway,
              sleeper,
              jobId,
              settings,
              display)
          .exitCode()
          .code();
    }
  }

  /** The follow loop's pacing for {@code --poll SECONDS}. */
  static FollowOptions pollOptions(CommandSpec spec, double pollSeconds) {
    return FollowOptions.defaults().withPollInterval(seconds(spec, "--poll", pollSeconds));
  }

  static Duration seconds(CommandSpec spec, String option, double value) {
    if (!(value > 0) || value > 86_400) {
      throw new ParameterException(
          spec.commandLine(), option + " must be a number of seconds above 0, got " + value);
    }
    return Duration.ofMillis(Math.max(1, Math.round(value * 1000)));
  }
}
