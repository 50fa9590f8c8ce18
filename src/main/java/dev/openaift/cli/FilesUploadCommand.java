package dev.openaift.cli;

import dev.openaift.api.LifecycleGateway;
import dev.openaift.lifecycle.FileUploader;
import dev.openaift.models.ModelCatalog;
import dev.openaift.prepare.PrepareOptions;
import dev.openaift.prepare.PrepareReport;
import dev.openaift.prepare.TextReport;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code openai-ft files upload FILE}: prepare's checks, then the upload. */
@Command(
    name = "upload",
    mixinStandardHelpOptions = true,
    description = {
      "Upload a file, checked first like 'prepare'.",
      "",
      "A fine-tune file is checked first with the same rules as 'openai-ft prepare'; when it is not"
          + " usable the problems are printed, nothing is uploaded and the exit code is 5."
          + " --no-check skips the checks; files with another purpose are not checked."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft files upload train.jsonl",
      "  openai-ft files upload batch.jsonl --purpose batch"
    })
final class FilesUploadCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "The local file to upload.")
  Path file;

  @Option(
      names = "--purpose",
      paramLabel = "PURPOSE",
      defaultValue = FileUploader.FINE_TUNE,
      description =
          "What the file is for: fine-tune, batch, assistants, vision, user_data, evals (default:"
              + " ${DEFAULT-VALUE}).")
  String purpose;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      defaultValue = ModelCatalog.DEFAULT_MODEL,
      description =
          "The model the checks count tokens and context for (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--no-check", description = "Upload without checking the file first.")
  boolean noCheck;

  @Option(names = "--json", description = "Print the uploaded file object as JSON.")
  boolean json;

  FilesUploadCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    if (purpose.isBlank()) {
      throw usage("--purpose must not be empty");
    }
    if (model.isBlank()) {
      throw usage("--model must not be empty");
    }
    boolean check = !noCheck && purpose.equals(FileUploader.FINE_TUNE);
    PrepareOptions checks = check ? PrepareOptions.defaults().withModel(model.strip()) : null;
    PrepareReport report = FileUploader.check(file, checks);
    try (LifecycleGateway gateway = gateway()) {
      FileUploader.Uploaded up = new FileUploader(gateway).upload(file, purpose, null);
      if (json) {
        ApiJson.print(out(), ApiJson.file(up.file()));
      } else {
        if (report != null) {
          out().println("Checked " + file + ": " + TextReport.verdict(report));
        }
        out()
            .println(
                "Uploaded "
                    + file
                    + " as "
                    + up.file().id()
                    + " ("
                    + bytes(up.file().bytes())
                    + " bytes).");
      }
      return ExitCode.OK.code();
    }
  }
}
