package dev.openaift.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.api.FileInfo;
import dev.openaift.api.LifecycleGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The confirm-then-delete step shared by {@code files delete} and {@code files delete-by-name}. */
final class FileDeletion {
  private FileDeletion() {}

  static int run(DeleteCommand cmd, LifecycleGateway gateway, boolean json, List<FileInfo> files) {
    String what =
        files.size() == 1
            ? "delete file " + describe(files.get(0))
            : "delete "
                + files.size()
                + " files ("
                + files.stream().map(FileDeletion::describe).collect(Collectors.joining(", "))
                + ")";
    if (!cmd.confirmed(what)) {
      return ExitCode.OK.code();
    }
    List<ObjectNode> answers = new ArrayList<>();
    for (FileInfo f : files) {
      boolean deleted = gateway.deleteFile(f.id());
      answers.add(ApiJson.deleted(f.id(), "file", deleted));
      if (!json) {
        cmd.out()
            .println(
                (deleted ? "Deleted " : "Not deleted (the API said so): ") + describe(f) + ".");
      }
    }
    if (json) {
      ApiJson.print(cmd.out(), ApiJson.list(answers, a -> a));
    }
    cmd.out().flush();
    return ExitCode.OK.code();
  }

  private static String describe(FileInfo f) {
    return f.filename() == null ? f.id() : f.id() + " (" + f.filename() + ")";
  }
}
