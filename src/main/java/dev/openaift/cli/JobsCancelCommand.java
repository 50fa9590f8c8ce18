package dev.openaift.cli;

import dev.openaift.api.LifecycleGateway;
import dev.openaift.job.Job;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code openai-ft jobs cancel ID}. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Cancel a fine-tuning job (asks first).",
      "",
      "A cancelled job cannot be resumed. Asks to confirm on a terminal; elsewhere pass --yes"
          + " (without it: exit 2). A job that already ended cannot be cancelled (exit 4)."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  openai-ft jobs cancel ftjob-abc123", "  openai-ft jobs cancel ftjob-abc123 --yes"})
final class JobsCancelCommand extends JobActionCommand {
  @Mixin YesOption confirmation;

  private final UserInput input;

  JobsCancelCommand(CliContext context, UserInput input) {
    super(context, LifecycleGateway::cancel);
    this.input = input;
  }

  @Override
  boolean proceed(LifecycleGateway gateway) {
    Job job = gateway.getJob(id);
    if (job.isTerminal()) {
      // checked here: the API answers 409, which the SDK retries with backoff before giving up
      throw new CliException(
          ExitCode.API,
          "job " + id + " has already ended (" + job.status() + "): nothing to cancel");
    }
    return confirmation.confirm(
        context,
        input,
        err(),
        "cancel job " + job.id() + " (" + job.status() + ", " + job.model() + ")");
  }
}
