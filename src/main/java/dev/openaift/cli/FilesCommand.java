package dev.openaift.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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
final class FilesCommand implements Callable<Integer> {
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
