package dev.openaift.cli;

import dev.openaift.api.LifecycleGateway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code openai-ft models delete MODEL}: deletes a fine-tuned model after asking. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = {
      "Delete a fine-tuned model (asks first).",
      "",
      "Base models cannot be deleted: the API's message, exit 4. Asks to confirm on a terminal;"
          + " elsewhere pass --yes (without it: exit 2)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft models delete ft:gpt-4o-mini-2024-07-18:org:demo:abc123",
      "  openai-ft models delete ft:gpt-4o-mini-2024-07-18:org:demo:abc123 --yes"
    })
final class ModelsDeleteCommand extends DeleteCommand {
  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description = "The fine-tuned model, e.g. ft:gpt-4o-mini-2024-07-18:org:demo:abc123.")
  String model;

  @Option(names = "--json", description = "Print the API's delete answer as JSON.")
  boolean json;

  ModelsDeleteCommand(CliContext context, UserInput input) {
    super(context, input);
  }

  @Override
  public Integer call() {
    if (model.isBlank()) {
      throw usage("MODEL must not be empty");
    }
    if (!confirmed("delete model " + model)) {
      return ExitCode.OK.code();
    }
    try (LifecycleGateway gateway = gateway()) {
      boolean deleted = gateway.deleteModel(model);
      if (json) {
        ApiJson.print(out(), ApiJson.deleted(model, "model", deleted));
      } else {
        out().println((deleted ? "Deleted model " : "The API did not delete model ") + model + ".");
      }
      return deleted ? ExitCode.OK.code() : ExitCode.API.code();
    }
  }
}
