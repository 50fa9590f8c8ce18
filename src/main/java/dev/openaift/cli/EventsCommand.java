package dev.openaift.cli;

import dev.openaift.api.FineTuningGateway;
import dev.openaift.archive.FollowSession;
import dev.openaift.follow.EventFollower;
import dev.openaift.follow.EventListing;
import dev.openaift.follow.FollowListener;
import dev.openaift.follow.InMemoryEventStore;
import dev.openaift.follow.JsonLinesEventPrinter;
import dev.openaift.follow.PlainEventPrinter;
import dev.openaift.job.JobEvent;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code openai-ft events JOB_ID}: a job's events, oldest first. Reads only; writes no file. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = {
      "Print all events of a job, oldest first.",
      "",
      "Lines read [YYYY-MM-DD HH:MM:SS] message (local time), or JSON with --json; every page is"
          + " fetched. With --follow, keep printing new events until the job ends (like follow"
          + " without the progress line; exit 0 succeeded, 3 failed or cancelled); --poll sets"
          + " how often it asks, and is used only with --follow. Nothing is written to disk.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft events ftjob-abc123",
      "  openai-ft events ftjob-abc123 --limit 20 --json",
      "  openai-ft events ftjob-abc123 --follow --poll 5"
    })
final class EventsCommand extends ContextCommand {
  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job, e.g. ftjob-abc123.")
  String jobId;

  @Option(names = "--json", description = "One JSON object per line.")
  boolean json;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Only the N most recent events (still printed oldest first).")
  Integer limit;

  @Option(names = "--follow", description = "Keep printing new events until the job ends.")
  boolean follow;

  @Mixin PollOption poll;

  EventsCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    JobIdArgs.check(spec, jobId);
    if (limit != null && limit < 1) {
      throw usage("--limit must be at least 1, got " + limit);
    }
    if (limit != null && follow) {
      throw usage("--limit and --follow do not go together");
    }
    var followOptions = poll.followOptions();
    PrintWriter out = out();
    var sleeper = context.cancellableSleeper();
    try (FineTuningGateway gateway = connection.gateway(context, sleeper)) {
      if (follow) {
        FollowSession.Settings settings =
            new FollowSession.Settings(null, null, false, null, followOptions);
        return follow(gateway, sleeper, jobId, settings, false, json).exitCode().code();
      }
      FollowListener printer =
          json ? new JsonLinesEventPrinter(out) : new PlainEventPrinter(out, context.zone());
      if (limit != null) {
        List<JobEvent> events = EventListing.latest(gateway, jobId, limit);
        if (!events.isEmpty()) {
          printer.onEvents(events);
        }
      } else {
        new EventFollower(
                gateway,
                jobId,
                new InMemoryEventStore(),
                printer,
                context.clock(),
                sleeper,
                followOptions)
            .readNew();
      }
      out.flush();
      return ExitCode.OK.code();
    }
  }
}
