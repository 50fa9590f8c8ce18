package dev.openaift.cli;

import dev.openaift.api.LifecycleGateway;
import dev.openaift.job.Job;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code openai-ft jobs list}: the newest jobs, optionally of one status. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List fine-tuning jobs, newest first.",
      "",
      "--status filters on this side (the API has no status filter), reading pages until --limit"
          + " matching jobs are found or the list ends."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  openai-ft jobs list", "  openai-ft jobs list --status succeeded --limit 5 --json"})
final class JobsListCommand extends ApiCommand {

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "At most N jobs (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description =
          "Only jobs with this status: pending (Azure), validating_files, queued, running,"
              + " paused, succeeded, failed, cancelled.")
  String status;

  @Option(names = "--json", description = "Print a JSON list of job objects.")
  boolean json;

  JobsListCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    if (limit < 1 || limit > 10_000) {
      throw usage("--limit must be 1 to 10000, got " + limit);
    }
    if (status != null && !Job.STATUSES.contains(status)) {
      throw usage("--status must be one of " + String.join(", ", Job.STATUSES) + ", got " + status);
    }
    try (LifecycleGateway gateway = gateway()) {
      List<Job> jobs = gateway.listJobsWithStatus(status, limit);
      if (json) {
        ApiJson.print(out(), ApiJson.list(jobs, ApiJson::job));
        return ExitCode.OK.code();
      }
      if (jobs.isEmpty()) {
        out()
            .println(
                status == null ? "No fine-tuning jobs." : "No " + status + " fine-tuning jobs.");
        return ExitCode.OK.code();
      }
      TableFormatter t = new TableFormatter("ID", "STATUS", "MODEL", "CREATED", "FINE-TUNED MODEL");
      jobs.forEach(
          j -> t.add(j.id(), j.status(), j.model(), time(j.createdAt()), j.fineTunedModel()));
      t.print(out());
      return ExitCode.OK.code();
    }
  }
}
