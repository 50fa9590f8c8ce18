package dev.openaift.cli;

import dev.openaift.api.LifecycleGateway;
import dev.openaift.io.AtomicFiles;
import dev.openaift.io.Echo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code openai-ft files download ID}: a file's content, exactly as the API sends it. */
@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    description = {
      "Download a file's content as the API sends it.",
      "",
      "The content is saved exactly as the API sends it, without decoding: a result file from 2024"
          + " may be base64 text ('openai-ft report' decodes those). With -o the file is written"
          + " atomically (a temporary file, then renamed); without it the content goes to standard"
          + " output as UTF-8 text."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft files download file-abc123 -o step_metrics.csv",
      "  openai-ft files download file-abc123 | head"
    })
final class FilesDownloadCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The file id, e.g. file-abc123.")
  String id;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description =
          "Write the content to FILE instead of standard output ('-' is standard output).")
  Path output;

  FilesDownloadCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    boolean toStdout = output == null || output.toString().equals("-");
    if (!toStdout && Files.isDirectory(output)) {
      throw new ParameterException(
          spec.commandLine(), "-o: " + output + " is a directory; name the file to write");
    }
    try (LifecycleGateway gateway = gateway()) {
      byte[] content = gateway.fileContent(id);
      if (toStdout) {
        Echo.raw(out()).print(new String(content, StandardCharsets.UTF_8)); // the file as it is
        out().flush();
        return ExitCode.OK.code();
      }
      try {
        AtomicFiles.write(output, content);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
      }
      err().println("Saved " + id + " (" + bytes(content.length) + " bytes) to " + output + ".");
      return ExitCode.OK.code();
    }
  }
}
