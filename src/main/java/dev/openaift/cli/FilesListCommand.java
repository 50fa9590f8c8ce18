package dev.openaift.cli;

import dev.openaift.api.FileInfo;
import dev.openaift.api.LifecycleGateway;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code openai-ft files list}: every uploaded file, newest first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List every uploaded file, newest first.",
      "",
      "Reads every page. Created times are shown in local time (unix seconds with --json)."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  openai-ft files list", "  openai-ft files list --purpose fine-tune --json"})
final class FilesListCommand extends ApiCommand {
  @Option(
      names = "--purpose",
      paramLabel = "PURPOSE",
      description = "Only files with this purpose, e.g. fine-tune.")
  String purpose;

  @Option(names = "--json", description = "Print a JSON list of file objects.")
  boolean json;

  FilesListCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    try (LifecycleGateway gateway = gateway()) {
      List<FileInfo> files =
          gateway.listFiles().stream()
              .filter(f -> purpose == null || purpose.equals(f.purpose()))
              .toList();
      if (json) {
        ApiJson.print(out(), ApiJson.list(files, ApiJson::file));
        return ExitCode.OK.code();
      }
      if (files.isEmpty()) {
        out().println("No files.");
        return ExitCode.OK.code();
      }
      TableFormatter t =
          new TableFormatter("ID", "CREATED", "BYTES", "PURPOSE", "FILENAME").rightAligned(2);
      files.forEach(
          f -> t.add(f.id(), time(f.createdAt()), bytes(f.bytes()), f.purpose(), f.filename()));
      t.print(out());
      return ExitCode.OK.code();
    }
  }
}
