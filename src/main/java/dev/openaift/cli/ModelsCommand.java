package dev.openaift.cli;

import picocli.CommandLine.Command;

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
final class ModelsCommand extends ParentCommand {}
