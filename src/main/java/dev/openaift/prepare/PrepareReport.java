package dev.openaift.prepare;

import dev.openaift.models.DatasetFormat;
import dev.openaift.models.ModelMatch;
import dev.openaift.models.TokenCounter;
import dev.openaift.models.TrainingEstimate;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@code prepare} found out about one file. Built by {@link DatasetChecker#check};
 * printed by {@link TextReport} and {@link JsonReport}.
 *
 * @param file the file as given
 * @param format the file's shape, decided by its first example that has one
 * @param lines lines read (including blank ones)
 * @param blankLines blank lines (skipped, as the service does)
 * @param examples non-blank lines: what the service counts as examples
 * @param validExamples examples without any error: the figures below are over these
 * @param model the model and what the price table knows about it
 * @param issues findings, one entry per kind, errors first
 * @param messagesPerExample messages per valid example (DPO: input messages + both outputs; legacy
 *     prompt/completion pairs: 2)
 * @param tokensPerExample tokens per valid example (see {@link TokenCounter} for the formula)
 * @param assistantTokensPerExample tokens of the assistant content trained on, per valid example
 * @param estimate billed tokens, epochs and cost
 * @param pricesAsOf the date of the price table
 * @param notes remarks for people (unknown model, price date, ...)
 */
public record PrepareReport(
    Path file,
    DatasetFormat format,
    long lines,
    long blankLines,
    long examples,
    long validExamples,
    ModelMatch model,
    List<Issue> issues,
    Distribution messagesPerExample,
    Distribution tokensPerExample,
    Distribution assistantTokensPerExample,
    TrainingEstimate estimate,
    String pricesAsOf,
    List<String> notes) {

  public PrepareReport {
    issues = List.copyOf(issues);
    notes = List.copyOf(notes);
  }

  /** Whether the service would accept the file: no finding of severity {@link Severity#ERROR}. */
  public boolean usable() {
    return count(Severity.ERROR) == 0;
  }

  /** The findings that make the file unusable. */
  public List<Issue> problems() {
    return issues.stream().filter(i -> i.severity() == Severity.ERROR).toList();
  }

  /** How many kinds of finding have this severity. */
  public long count(Severity severity) {
    return issues.stream().filter(i -> i.severity() == severity).count();
  }

  /** The finding of one kind, or null when there is none. */
  public Issue issue(IssueKind kind) {
    return issues.stream().filter(i -> i.kind() == kind).findFirst().orElse(null);
  }
}
