package dev.openaift.cli;

import picocli.CommandLine.Command;

/** {@code openai-ft jobs ...}: fine-tuning jobs. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "Create, list, show, cancel, pause and resume fine-tuning jobs.",
    subcommands = {
      JobsCreateCommand.class,
      JobsListCommand.class,
      JobsGetCommand.class,
      JobsCancelCommand.class,
      JobsPauseCommand.class,
      JobsResumeCommand.class,
      JobsCheckpointsCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft jobs create --model gpt-4o-mini-2024-07-18 \\",
      "      --training-file train.jsonl --follow",
      "  openai-ft jobs list --status running"
    })
final class JobsCommand extends ParentCommand {}
