package dev.openaift.cli;

import dev.openaift.api.FileInfo;
import dev.openaift.api.LifecycleGateway;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code openai-ft files delete-by-name NAME}: every uploaded file with that file name. */
@Command(
    name = "delete-by-name",
    mixinStandardHelpOptions = true,
    description = {
      "Delete every uploaded file with a given file name.",
      "",
      "Deletes every uploaded file whose file name is exactly NAME (repeated uploads of the same"
          + " file pile up). Asks to confirm on a terminal; elsewhere pass --yes. When no file has"
          + " that name there is nothing to do: exit 0."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft files delete-by-name train.jsonl",
      "  openai-ft files delete-by-name train.jsonl --yes --json"
    })
final class FilesDeleteByNameCommand extends FileDeleteCommand {
  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "The file name as uploaded, e.g. train.jsonl.")
  String name;

  FilesDeleteByNameCommand(CliContext context, UserInput input) {
    super(context, input);
  }

  @Override
  List<FileInfo> files(LifecycleGateway gateway) {
    return gateway.listFiles().stream().filter(f -> name.equals(f.filename())).toList();
  }

  @Override
  int nothingToDelete() {
    int code = super.nothingToDelete();
    err().println("No uploaded file is named " + name + ": nothing to delete.");
    return code;
  }
}
