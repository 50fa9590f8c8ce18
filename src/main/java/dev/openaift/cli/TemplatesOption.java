package dev.openaift.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --templates DIR}: a folder of {@code .ftlh} templates over the built-in ones. */
final class TemplatesOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--templates",
      paramLabel = "DIR",
      description = "A folder of .ftlh templates that override the built-in ones.")
  Path dir;

  /**
   * The folder given, or null for the built-in templates; one that is not a directory is bad usage
   * (exit 2) naming the option.
   */
  Path dir() {
    if (dir != null && !Files.isDirectory(dir)) {
      throw new ParameterException(spec.commandLine(), "--templates: no such directory: " + dir);
    }
    return dir;
  }
}
