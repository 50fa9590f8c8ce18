package dev.openaift.cli;

import dev.openaift.api.LifecycleGateway;
import dev.openaift.job.Job;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobs cancel|pause|resume ID}: one state change, its answer printed. */
abstract class JobActionCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The job id, e.g. ftjob-abc123.")
  String id;

  @Option(names = "--json", description = "Print the job object the API answers as JSON.")
  boolean json;

  JobActionCommand(CliContext context) {
    super(context);
  }

  /** Sends the change. */
  abstract Job act(LifecycleGateway gateway, String jobId);

  /** Whether to go ahead (a confirmation for destructive changes); true by default. */
  boolean proceed(LifecycleGateway gateway) {
    return true;
  }

  @Override
  public Integer call() {
    JobIdArgs.check(spec, id);
    try (LifecycleGateway gateway = gateway()) {
      if (!proceed(gateway)) {
        return ExitCode.OK.code();
      }
      Job job = act(gateway, id);
      if (json) {
        ApiJson.print(out(), ApiJson.job(job));
      } else {
        out().println("Job " + job.id() + " is now " + job.status() + ".");
      }
      return ExitCode.OK.code();
    }
  }
}
