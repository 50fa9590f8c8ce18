package dev.openaift.cli;

import dev.openaift.api.ChatGateway;
import dev.openaift.generate.DatasetBuilder;
import dev.openaift.generate.DatasetFolder;
import dev.openaift.generate.Estimates;
import dev.openaift.generate.GenerateConfig;
import dev.openaift.generate.GeneratedAnswer;
import dev.openaift.generate.GenerationPlan;
import dev.openaift.generate.Generator;
import dev.openaift.generate.Project;
import dev.openaift.job.InputFileException;
import dev.openaift.prepare.ModelCatalog;
import dev.openaift.record.BatchProgress;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
    if (state == DatasetFolder.State.COMPLETE && !force) {
      throw new InputFileException(
          folder.dir(),
          "dataset \""
              + name
              + "\" exists already; choose another --name, or"
              + " --force to generate it again (its requests are paid again)");
    }
    List<GeneratedAnswer> done =
        state == DatasetFolder.State.PARTIAL && !force ? folder.readAnswers() : List.of();
    String mismatch = Generator.mismatch(plan, done);
    if (mismatch != null) {
      throw new InputFileException(
          folder.answers(),
          "an earlier run of dataset \""
              + name
              + "\" cannot be continued: "
              + mismatch
              + "; restore the config, or start over with --force (pays again)");
    }
    printPlan(plan, done, catalog);
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
      try {
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
      } finally {
        shown.forEach(BatchProgress::finish);
      }
    }
    return summary(plan, outcome, folder);
  }

  private String dirOption() {
    return dir.equals(Path.of(".")) ? "" : " --dir " + dir;
  }

  private void printPlan(GenerationPlan plan, List<GeneratedAnswer> done, ModelCatalog catalog) {
    PrintWriter out = out();
    GenerateConfig c = plan.config();
    out.println("Project " + project + ", dataset " + name + ": " + plan.shape() + ".");
    out.println(
        "Model "
            + c.model()
            + (plan.strict()
                ? ", strict structured outputs"
                : ", without strict structured outputs")
            + (c.temperature() == null ? "" : ", temperature " + c.temperature())
            + (c.maxTokens() == null
                ? ""
                : ", at most " + c.maxTokens() + " output tokens per request")
            + ".");
    out.println();
    Set<Integer> answered = new HashSet<>();
    done.forEach(a -> answered.add(a.topicIndex()));
    TableFormatter table =
        new TableFormatter("#", "topic", "prompt tokens", "est. output tokens", "")
            .rightAligned(0, 2, 3);
    long prompt = 0;
    long output = 0;
    for (GenerationPlan.Item item : plan.items()) {
      boolean isDone = answered.contains(item.topicIndex());
      table.add(
          item.topicIndex() + 1,
          item.topic(),
          String.format(Locale.ROOT, "%,d", item.promptTokens()),
          isDone ? "-" : String.format(Locale.ROOT, "%,d", item.outputTokens()),
          isDone ? "answered already" : "to send");
      if (!isDone) {
        prompt += item.promptTokens();
        output += item.outputTokens();
      }
    }
    int todo = plan.items().size() - answered.size();
    table.add(
        "",
        "total to send (" + todo + (todo == 1 ? " request)" : " requests)"),
        String.format(Locale.ROOT, "%,d", prompt),
        String.format(Locale.ROOT, "%,d", output),
        "");
    table.print(out);
    out.println();
    out.println(Estimates.describe(catalog, c.model(), prompt, output));
    out.println(
        "(prompt tokens counted with "
            + plan.model().encoding()
            + "; output tokens estimated at "
            + GenerationPlan.OUTPUT_TOKENS_PER_MESSAGE
            + " per message asked for"
            + (c.maxTokens() == null ? "" : ", at most max_tokens")
            + ")");
    if (!plan.items().isEmpty()) {
      GenerationPlan.Item first = plan.items().get(0);
      out.println();
      out.println("Request 1 (the others differ only in the topic):");
      out.println(GenerationPlan.pretty(GenerationPlan.body(first.request())));
    }
    out.flush();
  }

  private int summary(GenerationPlan plan, Generator.Outcome o, DatasetFolder folder) {
    PrintWriter out = out();
    DatasetBuilder.Result r = o.result();
    out.println();
    out.println(
        "Answers: "
            + o.asked()
            + " in this run"
            + (o.retries() == 0 ? "" : " (" + o.retries() + " retried)")
            + "; usage "
            + String.format(Locale.ROOT, "%,d", o.promptTokens())
            + " prompt + "
            + String.format(Locale.ROOT, "%,d", o.completionTokens())
            + " completion tokens"
            + (o.cost() == null ? "" : ", about $" + o.cost().toPlainString())
            + " in all.");
    long wholeAnswers = r.rejected().stream().filter(x -> x.conversation() == null).count();
    long conversations = r.rejected().size() - wholeAnswers;
    out.println(
        "Kept "
            + r.kept().size()
            + " of the "
            + plan.items().size() * plan.config().count()
            + " conversations asked for; rejected "
            + conversations
            + (conversations == 1 ? " conversation" : " conversations")
            + (wholeAnswers == 0
                ? ""
                : " and " + wholeAnswers + (wholeAnswers == 1 ? " whole answer" : " whole answers"))
            + ".");
    for (DatasetBuilder.Rejected x : r.rejected()) {
      out.println(
          "  rejected: topic "
              + (x.topicIndex() + 1)
              + " ("
              + x.topic()
              + ")"
              + (x.conversation() == null
                  ? ", the whole answer"
                  : ", conversation " + (x.conversation() + 1))
              + ": "
              + x.reason());
    }
    for (String note : r.notes()) {
      out.println("  note: " + note);
    }
    if (!r.nearDuplicates().isEmpty()) {
      out.println(
          "Near-duplicates across topics: "
              + r.nearDuplicates().size()
              + (r.nearDuplicates().size() == 1 ? " pair" : " pairs")
              + " (lines of "
              + o.output().getFileName()
              + "; listed in "
              + DatasetFolder.REPORT
              + "):");
      for (var pair : r.nearDuplicates()) {
        out.println(
            String.format(
                Locale.ROOT,
                "  lines %d and %d, %.0f%% alike",
                pair.a().id() + 1,
                pair.b().id() + 1,
                pair.similarity() * 100));
      }
    }
    out.println(
        "Wrote " + o.output() + " and " + o.report() + " (raw answers: " + folder.answers() + ").");
    if (o.check() == null) {
      out.println("Next: openai-ft record ... with " + o.output() + " as the prompt set.");
      return ExitCode.OK.code();
    }
    if (o.check().usable()) {
      out.println(
          "prepare: usable for "
              + o.check().model().requested()
              + "; "
              + o.check().examples()
              + " examples, "
              + String.format(Locale.ROOT, "%,d", o.check().estimate().billedTokensPerEpoch())
              + " billed tokens per epoch"
              + o.check()
                  .estimate()
                  .cost()
                  .map(
                      c ->
                          ", about $"
                              + c.toPlainString()
                              + " to train for "
                              + o.check().estimate().epochs()
                              + " epochs")
                  .orElse("")
              + ".");
      out.println(
          "Next: openai-ft jobs create --training-file "
              + o.output()
              + " --model "
              + o.check().model().requested()
              + (plan.config().epochs() == null ? "" : " --epochs " + plan.config().epochs()));
      return ExitCode.OK.code();
    }
    out.flush();
    err()
        .println(
            "openai-ft: "
                + o.output()
                + ": not usable for fine-tuning: "
                + String.join(
                    "; ", o.check().problems().stream().map(i -> i.kind().description()).toList())
                + " (openai-ft prepare "
                + o.output()
                + " shows where)");
    return ExitCode.FILE.code();
  }

  static String money(BigDecimal v) {
    return v.toPlainString();
  }
}
