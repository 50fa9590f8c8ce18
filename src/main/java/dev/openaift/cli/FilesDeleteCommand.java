package dev.openaift.cli;

import dev.openaift.api.FileInfo;
import dev.openaift.api.LifecycleGateway;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code openai-ft files delete ID...}: deletes files after looking them all up and asking. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = {
      "Delete uploaded files (asks first).",
      "",
      "Every id is looked up first, so an unknown id (exit 4) stops before anything is deleted;"
          + " then you are asked to confirm on a terminal. Elsewhere pass --yes (without it: exit"
          + " 2)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft files delete file-abc123",
      "  openai-ft files delete file-abc123 file-def456 --yes"
    })
final class FilesDeleteCommand extends FileDeleteCommand {
  @Parameters(
      index = "0..*",
      arity = "1..*",
      paramLabel = "ID",
      description = "File ids, e.g. file-abc123.")
  List<String> ids;

  FilesDeleteCommand(CliContext context, UserInput input) {
    super(context, input);
  }

  @Override
  List<FileInfo> files(LifecycleGateway gateway) {
    List<FileInfo> files = new ArrayList<>();
    for (String id : new LinkedHashSet<>(ids)) {
      files.add(gateway.getFile(id));
    }
    return files;
  }
}
