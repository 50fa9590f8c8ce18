package dev.openaift.cli;

import dev.openaift.api.LifecycleGateway;
import picocli.CommandLine.Command;

/** {@code openai-ft jobs resume ID}. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Resume a paused fine-tuning job.",
      "",
      "A job that is not paused cannot be resumed (exit 4)."
    },
    footerHeading = "%nExample:%n",
    footer = "  openai-ft jobs resume ftjob-abc123")
final class JobsResumeCommand extends JobActionCommand {
  JobsResumeCommand(CliContext context) {
    super(context, "paused", "resumed", LifecycleGateway::resume);
  }
}
