package dev.openaift.cli;

import dev.openaift.io.AtomicFiles;
import dev.openaift.models.ModelCatalog;
import dev.openaift.models.TokenCounter;
import dev.openaift.prepare.ClassificationSplit;
import dev.openaift.prepare.LabelledCsv;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code openai-ft classification prepare DATA.csv}: a labelled CSV to chat-format training and
 * validation files with a stratified split, the class balance and warnings.
 */
@Command(
    name = "prepare",
    mixinStandardHelpOptions = true,
    description = {
      "Turn a labelled CSV into chat-format training and validation JSONL files.",
      "",
      "Reads the CSV (UTF-8, BOM allowed; comma, semicolon or tab detected from the header; quoted"
          + " fields may hold delimiters, quotes and line breaks). Each row becomes system + user"
          + " (the text) + assistant (the label). The validation share is taken from every label"
          + " alike (stratified, seeded). Prints the class balance and warns about labels of more"
          + " than one token in the model's encoding and labels with fewer than "
          + ClassificationSplit.FEW_EXAMPLES
          + " rows.",
      "Writes NAME_train.jsonl and NAME_valid.jsonl beside the CSV (or into --out). Exit 5 when the"
          + " CSV cannot be used (the message names the line, row and column)."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  openai-ft classification prepare tickets.csv --text-column body --label-column team \\",
      "      --validation-split 0.2 --seed 7 --model gpt-4o-mini-2024-07-18"
    })
final class ClassificationPrepareCommand extends BaseCommand {
  @Parameters(
      index = "0",
      paramLabel = "DATA.csv",
      description = "The labelled CSV with a header line.")
  Path data;

  @Option(
      names = "--text-column",
      required = true,
      paramLabel = "C",
      description = "The column holding the text to classify.")
  String textColumn;

  @Option(
      names = "--label-column",
      required = true,
      paramLabel = "L",
      description = "The column holding the label.")
  String labelColumn;

  @Option(
      names = "--validation-split",
      paramLabel = "SHARE",
      defaultValue = "0.2",
      description =
          "Share of each label held out for validation, 0 to below 1 (default: ${DEFAULT-VALUE}).")
  double validationSplit;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "42",
      description = "Seed of the split (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--system",
      paramLabel = "TEXT",
      description =
          "The system message of every example (default: the task and the list of labels; \"\" for"
              + " none).")
  String system;

  @Option(
      names = "--model",
      paramLabel = "M",
      defaultValue = ModelCatalog.DEFAULT_MODEL,
      description =
          "The model to fine-tune; its encoding counts label tokens (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Folder for the two files (default: the CSV's folder).")
  Path out;

  @Override
  public Integer call() {
    if (!(validationSplit >= 0 && validationSplit < 1)) {
      throw usage("--validation-split must be at least 0 and below 1, got " + validationSplit);
    }
    if (model.isBlank()) {
      throw usage("--model must not be empty");
    }
    LabelledCsv.Content csv = LabelledCsv.read(data, textColumn, labelColumn);
    TokenCounter tokens = new TokenCounter(ModelCatalog.builtIn().resolve(model).encoding());
    ClassificationSplit.Result r =
        ClassificationSplit.split(csv.rows(), validationSplit, seed, system, tokens);

    String stem = data.getFileName().toString().replaceFirst("(?i)\\.(csv|tsv|txt)$", "");
    Path dir = out != null ? out : data.toAbsolutePath().getParent();
    Path train = dir.resolve(stem + "_train.jsonl");
    Path valid = dir.resolve(stem + "_valid.jsonl");
    try {
      java.nio.file.Files.createDirectories(dir);
      AtomicFiles.write(train, r.training());
      if (r.validationRows() > 0) {
        AtomicFiles.write(valid, r.validation());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write into " + dir + ": " + e.getMessage(), e);
    }

    PrintWriter o = out();
    String delimiter = csv.delimiter() == '\t' ? "tab" : "'" + csv.delimiter() + "'";
    o.printf(
        Locale.ROOT,
        "Read %,d rows from %s (delimiter %s), %d labels.%n",
        csv.rows().size(),
        data,
        delimiter,
        r.labels().size());
    o.println();
    TableFormatter table =
        new TableFormatter("label", "rows", "share", "train", "valid", "tokens")
            .rightAligned(1, 2, 3, 4, 5);
    int total = csv.rows().size();
    for (ClassificationSplit.LabelCount c : r.labels()) {
      table.add(
          c.label(),
          String.format(Locale.ROOT, "%,d", c.rows()),
          String.format(Locale.ROOT, "%.1f%%", 100.0 * c.rows() / total),
          c.training(),
          c.validation(),
          c.tokens());
    }
    table.print(o);
    o.println();
    for (String w : r.warnings()) {
      o.println("warning: " + w);
    }
    if (!r.warnings().isEmpty()) {
      o.println();
    }
    o.printf(Locale.ROOT, "Wrote %s (%,d examples)%n", train, r.trainingRows());
    if (r.validationRows() > 0) {
      o.printf(Locale.ROOT, "Wrote %s (%,d examples)%n", valid, r.validationRows());
    } else {
      o.println("No validation file (nothing held out).");
    }
    o.println("Label tokens counted with " + r.encoding() + " (" + model + ").");
    o.println(
        "Next: openai-ft jobs create --classification --model "
            + model
            + " --training-file "
            + train
            + (r.validationRows() > 0 ? " --validation-file " + valid : "")
            + " --follow");
    o.flush();
    return ExitCode.OK.code();
  }
}
