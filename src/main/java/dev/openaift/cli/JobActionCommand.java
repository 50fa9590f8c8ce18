package dev.openaift.cli;

import dev.openaift.api.LifecycleGateway;
import dev.openaift.job.Job;
import java.util.function.BiFunction;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobs cancel|pause|resume ID}: one state change, its answer printed. */
abstract class JobActionCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The job id, e.g. ftjob-abc123.")
  String id;

  @Option(names = "--json", description = "Print the job object the API answers as JSON.")
  boolean json;

  /** The status the job must have for the change, or null when {@link #proceed} decides. */
  private final String status;

  /** What the change makes of the job ({@code paused}), for the refusal. */
  private final String change;

  /** Sends the change. */
  private final BiFunction<LifecycleGateway, String, Job> action;

  /** A change that {@link #proceed} (overridden) decides whether to send. */
  JobActionCommand(CliContext context, BiFunction<LifecycleGateway, String, Job> action) {
    this(context, null, null, action);
  }

  /** A change sent only to a job in {@code status}; {@code change} names it in the refusal. */
  JobActionCommand(
      CliContext context,
      String status,
      String change,
      BiFunction<LifecycleGateway, String, Job> action) {
    super(context);
    this.status = status;
    this.change = change;
    this.action = action;
  }

  /**
   * Whether to go ahead (a confirmation for destructive changes). By default: fails with the API
   * exit code unless the job has the status the change needs. Checked before sending: the API
   * answers a wrong state with 409, which the SDK retries with backoff first.
   */
  boolean proceed(LifecycleGateway gateway) {
    Job job = gateway.getJob(id);
    if (!status.equals(job.status())) {
      throw new CliException(
          ExitCode.API,
          "job " + id + " is " + job.status() + ": only a " + status + " job can be " + change);
    }
    return true;
  }

  @Override
  public Integer call() {
    JobIdArgs.check(spec, id);
    try (LifecycleGateway gateway = gateway()) {
      if (!proceed(gateway)) {
        return ExitCode.OK.code();
      }
      Job job = action.apply(gateway, id);
      if (json) {
        ApiJson.print(out(), ApiJson.job(job));
      } else {
        out().println("Job " + job.id() + " is now " + job.status() + ".");
      }
      return ExitCode.OK.code();
    }
  }
}
