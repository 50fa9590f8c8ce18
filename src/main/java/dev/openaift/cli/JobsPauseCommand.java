package dev.openaift.cli;

import dev.openaift.api.LifecycleGateway;
import picocli.CommandLine.Command;

/** {@code openai-ft jobs pause ID}. */
@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description = {
      "Pause a running fine-tuning job.",
      "",
      "Resume it later with 'openai-ft jobs resume ID'. A job that is not running cannot be paused"
          + " (exit 4)."
    },
    footerHeading = "%nExample:%n",
    footer = "  openai-ft jobs pause ftjob-abc123")
final class JobsPauseCommand extends JobActionCommand {
  JobsPauseCommand(CliContext context) {
    super(context, "running", "paused", LifecycleGateway::pause);
  }
}
