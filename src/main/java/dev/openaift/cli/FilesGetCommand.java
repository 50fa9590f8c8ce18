package dev.openaift.cli;

import dev.openaift.api.FileInfo;
import dev.openaift.api.LifecycleGateway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code openai-ft files get ID}: one file's details. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {"Show one uploaded file: name, size, purpose, created time."},
    footerHeading = "%nExamples:%n",
    footer = {"  openai-ft files get file-abc123", "  openai-ft files get file-abc123 --json"})
final class FilesGetCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The file id, e.g. file-abc123.")
  String id;

  @Option(names = "--json", description = "Print the file object as JSON.")
  boolean json;

  FilesGetCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    try (LifecycleGateway gateway = gateway()) {
      FileInfo f = gateway.getFile(id);
      if (json) {
        ApiJson.print(out(), ApiJson.file(f));
      } else {
        new TableFormatter()
            .add("id", f.id())
            .add("filename", f.filename())
            .add("bytes", bytes(f.bytes()))
            .add("purpose", f.purpose())
            .add("created", time(f.createdAt()))
            .print(out());
      }
      return ExitCode.OK.code();
    }
  }
}
