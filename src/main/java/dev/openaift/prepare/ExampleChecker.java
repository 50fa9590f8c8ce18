package dev.openaift.prepare;

import dev.openaift.models.ModelMatch;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code prepare}'s rules applied to examples one at a time, in order, as if each were the next
 * line of one file: the same per-line checks ({@link LineAnalyzer}) and the same rules that need
 * the examples before ({@link FileRules}: format, duplicates, context limit). For code that builds
 * a training file and must keep only the examples {@code prepare} would accept. Not thread-safe.
 */
public final class ExampleChecker {
  private final LineAnalyzer analyzer;
  private final FileRules rules;
  private long lineNo;

  public ExampleChecker(PrepareOptions options) {
    ModelMatch model = options.catalog().resolve(options.model());
    this.analyzer = new LineAnalyzer(model.encoding());
    this.rules = new FileRules(model);
  }

  /** Checks the next example, given as its JSON line. */
  public Verdict check(String jsonLine) {
    LineCheck c = analyzer.analyze(++lineNo, jsonLine);
    if (c.blank) {
      return new Verdict(List.of(new Finding(IssueKind.BLANK_LINE, null)), 0);
    }
    FileRules.Verdict v = rules.apply(c);
    List<Finding> findings = new ArrayList<>();
    for (IssueKind k : v.found()) {
      List<String> values =
          v.values().stream().filter(x -> x.kind() == k).map(LineCheck.Value::value).toList();
      findings.add(new Finding(k, values.isEmpty() ? null : String.join(", ", values)));
    }
    return new Verdict(findings, v.error() ? 0 : c.tokens);
  }

  /**
   * One finding on one example.
   *
   * @param value the offending value (an unknown role, an unknown key ...), or null
   */
  public record Finding(IssueKind kind, String value) {
    /** {@code unknown role: narrator}, {@code repeats an earlier example}. */
    public String describe() {
      return kind.description() + (value == null ? "" : ": " + value);
    }
  }

  /**
   * What {@code prepare} says about one example.
   *
   * @param findings in the order of {@link IssueKind} (errors first)
   * @param tokens the example's tokens as {@code prepare} counts them, 0 when it has errors
   */
  public record Verdict(List<Finding> findings, int tokens) {
    public Verdict {
      findings = List.copyOf(findings);
    }

    /** Whether {@code prepare} would count the example as an error. */
    public boolean error() {
      return findings.stream().anyMatch(f -> f.kind().severity() == Severity.ERROR);
    }

    /** The findings of a severity, described, joined by "; ". */
    public String describe(Severity severity) {
      return String.join(
          "; ",
          findings.stream()
              .filter(f -> f.kind().severity() == severity)
              .map(Finding::describe)
              .toList());
    }
  }
}
