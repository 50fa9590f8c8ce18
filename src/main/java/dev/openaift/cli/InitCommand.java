package dev.openaift.cli;

import dev.openaift.generate.GenerateConfig;
import dev.openaift.generate.Project;
import dev.openaift.io.Echo;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code openai-ft init NAME}: a new project folder with a documented generation config. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Create a project: projects/NAME/ with a documented generate.json.",
      "",
      "generate.json says what 'openai-ft generate' asks a chat model for: the system message to"
          + " teach, the topics, conversations per topic, turns, the prompt template and its"
          + " variables, the model, and the fine-tuning settings (epochs, suffix, provider)."
          + " README.md beside it explains every key. An existing project is never overwritten"
          + " (exit 5)."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  openai-ft init support-bot", "  openai-ft init support-bot --dir ~/work"})
final class InitCommand extends BaseCommand {
  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "The project's name (letters, digits, '.', '_', '-').")
  String name;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where projects/ is (default: the current directory).")
  Path dir = Path.of(".");

  @Override
  public Integer call() {
    int length = name.codePointCount(0, name.length());
    if (length > Project.MAX_NAME) {
      throw usage(
          "NAME is "
              + length
              + " characters long, at most "
              + Project.MAX_NAME
              + ": \""
              + Echo.cut(name)
              + "\"");
    }
    if (!Project.validName(name)) {
      throw usage(
          "NAME must be letters, digits, '.', '_' or '-' (not starting with '.', '_' or '-'), got"
              + " \""
              + Echo.cut(name)
              + "\"");
    }
    Project project = Project.at(dir, name);
    project.create();
    project.config(); // the starter config must pass the checks every later use applies
    PrintWriter out = out();
    out.println(
        "created "
            + project.configFile()
            + " (every key is explained in "
            + project.dir().resolve("README.md")
            + ")");
    out.println(
        "next: edit "
            + GenerateConfig.FILE_NAME
            + ", then see what it would cost with: openai-ft generate --project "
            + name
            + (dir.equals(Path.of(".")) ? "" : " --dir " + dir));
    return ExitCode.OK.code();
  }
}
