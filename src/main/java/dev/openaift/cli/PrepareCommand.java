package dev.openaift.cli;

import dev.openaift.models.ModelCatalog;
import dev.openaift.prepare.DatasetChecker;
import dev.openaift.prepare.JsonReport;
import dev.openaift.prepare.PrepareOptions;
import dev.openaift.prepare.PrepareReport;
import dev.openaift.prepare.TextReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code openai-ft prepare FILE}: checks a training or validation file before any money is spent
 * and prints what the service would say, the token figures, the epochs and the cost estimate. Exit
 * 0 when the file is usable (warnings allowed), 5 when it is not (the report lists the problems).
 */
@Command(
    name = "prepare",
    mixinStandardHelpOptions = true,
    description = {
      "Check a training file before upload: errors, tokens, epochs, cost.",
      "",
      "Reads a chat, DPO or legacy prompt/completion JSONL file the way OpenAI's data-preparation"
          + " guide does and reports format errors with line numbers, too few examples, examples"
          + " over the model's context limit, duplicates, messages and tokens per example, billed"
          + " tokens per epoch, the epochs the service would choose and the estimated training cost"
          + " (from a dated built-in price table).",
      "Exits 0 when the file is usable (warnings allowed), 5 when it is not.",
      ""
    },
    footerHeading = "%nExample:%n",
    footer = "  openai-ft prepare train.jsonl --model gpt-4o-mini --epochs 3")
public final class PrepareCommand extends BaseCommand {
  /** The service accepts 1 to 50 epochs. */
  static final int MAX_EPOCHS = 50;

  @Parameters(index = "0", paramLabel = "FILE", description = "The JSONL file to check.")
  Path file;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      description =
          "Model the file is for: a name, a prefix (gpt-4o-mini) or an ft: model"
              + " (default: ${DEFAULT-VALUE}).")
  String model = ModelCatalog.DEFAULT_MODEL;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      description =
          "Epochs you will ask for, 1 to "
              + MAX_EPOCHS
              + " (default: what the service picks for the file's size).")
  Integer epochs;

  @Option(
      names = "--prices",
      paramLabel = "FILE",
      description =
          "JSON price table merged over the built-in one (same schema:"
              + " {\"as_of\", \"models\": {NAME: {\"encoding\", \"context\", \"training_per_1m\","
              + " \"formats\"}}}).")
  Path prices;

  @Option(
      names = "--max-lines",
      paramLabel = "N",
      description = "Line numbers listed per kind of finding (default: ${DEFAULT-VALUE}).")
  int maxLines = PrepareOptions.DEFAULT_MAX_LINES;

  @Option(names = "--json", description = "Print the report as one JSON object (sorted keys).")
  boolean json;

  @Override
  public Integer call() {
    PrepareOptions options = options();
    PrepareReport report = DatasetChecker.check(file, options);
    PrintWriter out = out();
    if (json) {
      JsonReport.render(report, out);
    } else {
      TextReport.render(report, out);
    }
    if (report.usable()) {
      return ExitCode.OK.code();
    }
    PrintWriter err = err();
    err.println(
        "openai-ft: "
            + file
            + ": not usable: "
            + report.problems().size()
            + (report.problems().size() == 1 ? " problem" : " problems")
            + " (see the report)");
    err.flush();
    return ExitCode.FILE.code();
  }

  /** Validates the options (exit 2 naming the option) and builds the immutable options record. */
  PrepareOptions options() {
    if (epochs != null && (epochs < 1 || epochs > MAX_EPOCHS)) {
      throw usage("--epochs must be between 1 and " + MAX_EPOCHS + ", got " + epochs);
    }
    if (maxLines < 1) {
      throw usage("--max-lines must be at least 1, got " + maxLines);
    }
    if (model.isBlank()) {
      throw usage("--model must not be empty");
    }
    ModelCatalog catalog = ModelCatalog.builtIn();
    if (prices != null) {
      catalog = catalog.withOverrides(prices);
    }
    return new PrepareOptions(model.strip(), epochs, catalog, maxLines);
  }
}
