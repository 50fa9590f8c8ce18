package dev.openaift.cli;

import dev.openaift.api.FileInfo;
import dev.openaift.api.LifecycleGateway;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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
final class FilesDeleteByNameCommand extends ApiCommand {
  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "The file name as uploaded, e.g. train.jsonl.")
  String name;

  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask for confirmation.")
  boolean yes;

  @Option(names = "--json", description = "Print a JSON list of the delete answers.")
  boolean json;

  private final UserInput input;

  FilesDeleteByNameCommand(CliContext context, UserInput input) {
    super(context);
    this.input = input;
  }

  @Override
  public Integer call() {
    try (LifecycleGateway gateway = gateway()) {
      List<FileInfo> files =
          gateway.listFiles().stream().filter(f -> name.equals(f.filename())).toList();
      if (files.isEmpty()) {
        if (json) {
          ApiJson.print(out(), ApiJson.list(List.<FileInfo>of(), ApiJson::file));
        }
        err().println("No uploaded file is named " + name + ": nothing to delete.");
        return ExitCode.OK.code();
      }
      return FileDeletion.run(this, gateway, input, yes, json, files);
    }
  }
}
