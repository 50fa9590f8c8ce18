package dev.openaift.cli;

import picocli.CommandLine.Command;

/** {@code openai-ft files ...}: the account's uploaded files. */
@Command(
    name = "files",
    mixinStandardHelpOptions = true,
    description = "Upload (checked first), list, show, download, delete files.",
    subcommands = {
      FilesUploadCommand.class,
      FilesListCommand.class,
      FilesGetCommand.class,
      FilesDownloadCommand.class,
      FilesDeleteCommand.class,
      FilesDeleteByNameCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {"  openai-ft files upload train.jsonl", "  openai-ft files list --json"})
final class FilesCommand extends ParentCommand {}
