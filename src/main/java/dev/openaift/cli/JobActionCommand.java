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

  /**
   * Fails with the API exit code unless the job has the status the change needs. Checked before
   * sending: the API answers a wrong state with 409, which the SDK retries with backoff first.
   */
  void requireStatus(LifecycleGateway gateway, String status, String change) {
    Job job = gateway.getJob(id);
    if (!status.equals(job.status())) {
      throw new CliException(
          ExitCode.API,
          "job " + id + " is " + job.status() + ": only a " + status + " job can be " + change);
    }
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
