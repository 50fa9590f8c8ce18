package dev.openaift.cli;

import dev.openaift.api.FileInfo;
import dev.openaift.api.LifecycleGateway;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code files delete} and {@code files delete-by-name}: choose the files, then confirm and delete
 * them all ({@link FileDeletion}).
 */
abstract class FileDeleteCommand extends DeleteCommand {
  @Option(names = "--json", description = "Print a JSON list of the delete answers.")
  boolean json;

  FileDeleteCommand(CliContext context, UserInput input) {
    super(context, input);
  }

  /** The files to delete, all looked up before anything is asked or deleted. */
  abstract List<FileInfo> files(LifecycleGateway gateway);

  /** When no file was chosen: an empty JSON list with {@code --json}, and success. */
  int nothingToDelete() {
    if (json) {
      ApiJson.print(out(), ApiJson.list(List.<FileInfo>of(), ApiJson::file));
    }
    return ExitCode.OK.code();
  }

  @Override
  public final Integer call() {
    try (LifecycleGateway gateway = gateway()) {
      List<FileInfo> files = files(gateway);
      if (files.isEmpty()) {
        return nothingToDelete();
      }
      return FileDeletion.run(this, gateway, json, files);
    }
  }
}
