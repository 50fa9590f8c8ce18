package dev.openaift.cli;

import dev.openaift.api.ApiException;
import dev.openaift.api.ChatGateway;
import dev.openaift.generate.DatasetFolder;
import dev.openaift.generate.GenerateConfig;
import dev.openaift.generate.GeneratedAnswer;
import dev.openaift.generate.GenerationPlan;
import dev.openaift.generate.Generator;
import dev.openaift.generate.Project;
import dev.openaift.io.ShownPath;
import dev.openaift.models.ModelCatalog;
import dev.openaift.record.BatchProgress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code openai-ft generate --project NAME}: synthetic training conversations from a chat model
 * that calls a function, one request per topic. Without {@code --apply} it shows the requests and
 * what they would cost; with it, sends them and writes the dataset.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate training conversations with a chat model (one request per topic of a project).",
      "",
      "Each request asks the project's model to call the function record_conversations, forced with"
          + " tool_choice (strict structured outputs where the model takes them), with the"
          + " project's template filled in for the topic. Without --apply: prints the requests,"
          + " their tokens and the estimated cost, and sends nothing. With --apply: sends them"
          + " (bounded concurrency, retries, progress), saves every raw answer in"
          + " chat_completions.jsonl as it arrives, then writes training_set.jsonl (the system"
          + " message first in each conversation; every conversation checked with prepare's rules,"
          + " rejected ones listed with the reason) and generated_report.json, in"
          + " projects/NAME/datasets/N/. A rerun after a kill or a failed request sends only the"
          + " topics not answered yet.",
      "Exit 0 when the dataset is written and prepare finds it usable, 5 when not (or the config is"
          + " wrong), 4 when a request failed for good (rerun to continue)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft generate --project support-bot",
      "  openai-ft generate --project support-bot --apply",
      "  openai-ft generate --project support-bot --apply --name eval-prompts --prompts-only"
    })
final class GenerateCommand extends ApiCommand {
  static final int MAX_CONCURRENCY = 64;
  static final int MAX_ATTEMPTS = 6;

  @Option(
      names = "--project",
      required = true,
      paramLabel = "NAME",
      description = "The project (projects/NAME/).")
  String project;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where projects/ is (default: the current directory).")
  Path dir = Path.of(".");

  @Option(names = "--apply", description = "Send the requests (without it nothing is sent).")
  boolean apply;

  @Option(
      names = "--name",
      paramLabel = "N",
      description = "The dataset's name, datasets/N/ (default: ${DEFAULT-VALUE}).")
  String name = "default";

  @Option(
      names = "--force",
      description =
          "Replace an existing dataset of that name (its requests are sent and paid again).")
  boolean force;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description =
          "Requests in flight at most, 1 to " + MAX_CONCURRENCY + " (default: ${DEFAULT-VALUE}).")
  int concurrency = 4;

  @Option(
      names = "--prompts-only",
      description =
          "Write prompts.jsonl (system message and first user turn, no answers)"
              + " for record and eval, instead of training_set.jsonl.")
  boolean promptsOnly;

  @Option(names = "--no-progress", description = "Plain progress lines even on a terminal.")
  boolean noProgress;

  GenerateCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    if (!Project.validName(project)) {
      throw usage(
          "--project must be a project name (letters, digits, '.', '_', '-'), got \""
              + project
              + "\"");
    }
    if (!Project.validName(name)) {
      throw usage("--name must be letters, digits, '.', '_' or '-', got \"" + name + "\"");
    }
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw usage("--concurrency must be 1 to " + MAX_CONCURRENCY + ", got " + concurrency);
    }
    Project p = Project.at(dir, project);
    GenerateConfig config = p.config();
    ModelCatalog catalog = ModelCatalog.builtIn();
    GenerationPlan plan = GenerationPlan.of(config, catalog);
    DatasetFolder folder = new DatasetFolder(p.datasetDir(name));
    DatasetFolder.State state = folder.state();
    List<GeneratedAnswer> done = Generator.resumable(plan, folder, name, force);
    GenerateOutput.printPlan(out(), project, name, plan, done, catalog);
    PrintWriter out = out();
    if (!apply) {
      out.println();
      out.println(
          "Nothing was sent. To generate: openai-ft generate --project "
              + project
              + dirOption()
              + (name.equals("default") ? "" : " --name " + name)
              + " --apply");
      return ExitCode.OK.code();
    }
    if (force && state != DatasetFolder.State.NONE) {
      folder.discard();
      done = List.of();
    }
    int todo = plan.items().size() - done.size();
    out.println();
    out.println(
        todo == 0
            ? "Every topic is answered already; building the dataset."
            : "Sending "
                + todo
                + (todo == 1 ? " request" : " requests")
                + " ("
                + concurrency
                + " at a time) ...");
    out.flush();
    Generator.Outcome outcome;
    try (ChatGateway gateway =
        context
            .gateways()
            .chat(
                connection.connection(context.env()).withMaxRetries(0),
                context.sleeper(),
                context.clock())) {
      Generator generator = new Generator(gateway, context.clock(), context.sleeper(), catalog);
      List<BatchProgress> shown = new ArrayList<>();
      // Ctrl-C stops the workers; every answer already appended stays, and the rerun goes on
      Thread worker = Thread.currentThread();
      try (Interrupts.Registration ctrlC = context.interrupts().onInterrupt(worker::interrupt)) {
        outcome =
            generator.run(
                plan,
                folder,
                new Generator.Options(project, name, promptsOnly, concurrency, MAX_ATTEMPTS),
                tasks -> {
                  BatchProgress progress =
                      new BatchProgress(
                          "answered",
                          err(),
                          context.clock(),
                          context.terminal() && !noProgress,
                          context.terminalWidth(),
                          plan.items().size() - tasks.size(),
                          plan.items().size());
                  shown.add(progress);
                  return progress.listener();
                });
      } catch (ApiException e) {
        if (e.kind() != ApiException.Kind.INTERRUPTED) {
          throw e;
        }
        Thread.interrupted();
        throw new ApiException(
            e.kind(),
            e.statusCode(),
            e.getMessage()
                + " (kept in "
                + ShownPath.of(folder.dir())
                + "); rerun the same command to go on",
            e);
      } finally {
        shown.forEach(BatchProgress::finish);
      }
    }
    return GenerateOutput.summary(out(), err(), plan, outcome, folder);
  }

  private String dirOption() {
    return dir.equals(Path.of(".")) ? "" : " --dir " + dir;
  }
}
