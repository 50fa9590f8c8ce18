package dev.openaift.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code openai-ft models ...}: the models the key can use. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "List models and delete fine-tuned ones.",
    subcommands = {ModelsListCommand.class, ModelsDeleteCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft models list --fine-tuned",
      "  openai-ft models delete ft:gpt-4o-mini-2024-07-18:org:demo:abc123"
    })
final class ModelsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(),
        "Missing command: one of "
            + String.join(
                ", ",
                spec.subcommands().keySet().stream().filter(k -> !k.equals("help")).toList()));
  }
}
