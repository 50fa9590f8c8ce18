package dev.openaift.cli;

import picocli.CommandLine.Command;

/** {@code openai-ft classification ...}: the classification workflow. */
@Command(
    name = "classification",
    mixinStandardHelpOptions = true,
    description = {
      "Fine-tune a classifier: prepare a labelled CSV, then 'jobs create --classification'.",
    },
    subcommands = {ClassificationPrepareCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft classification prepare tickets.csv --text-column body --label-column team",
      "  openai-ft jobs create --classification --model gpt-4o-mini-2024-07-18 \\",
      "      --training-file tickets_train.jsonl --validation-file tickets_valid.jsonl --follow"
    })
final class ClassificationCommand extends ParentCommand {}
