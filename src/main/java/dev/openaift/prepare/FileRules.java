package dev.openaift.prepare;

import dev.openaift.models.DatasetFormat;
import dev.openaift.models.ModelInfo;
import dev.openaift.models.ModelMatch;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules that need the examples before the current one, applied in order: the first example with
 * a shape decides the format (later ones of another shape, or of none, are errors), an example
 * equal to an earlier one is a duplicate, and an example without errors over the model's context
 * limit is too long. Shared by {@link DatasetChecker} (a file) and {@link ExampleChecker} (examples
 * one by one).
 */
final class FileRules {
  /** What the rules found on one example: the line's own findings plus theirs. */
  record Verdict(EnumSet<IssueKind> found, List<LineCheck.Value> values, boolean error) {}

  private final ModelMatch model;
  private final Set<ExampleHasher.Key> seen = new HashSet<>();
  private DatasetFormat format = DatasetFormat.UNKNOWN;

  FileRules(ModelMatch model) {
    this.model = model;
  }

  /** The file's format: the shape of the first example that has one, so far. */
  DatasetFormat format() {
    return format;
  }

  /** Applies the rules to a non-blank line's check. */
  Verdict apply(LineCheck c) {
    EnumSet<IssueKind> found = c.found;
    List<LineCheck.Value> values = c.values;
    if (c.object) {
      if (format == DatasetFormat.UNKNOWN) {
        format = c.shape;
      }
      if (c.shape == DatasetFormat.UNKNOWN) {
        IssueKind kind =
            switch (format) {
              case DPO -> IssueKind.BAD_DPO;
              case COMPLETION -> IssueKind.BAD_COMPLETION;
              default -> IssueKind.NO_MESSAGES;
            };
        found = EnumSet.of(kind);
        values =
            kind == IssueKind.NO_MESSAGES
                ? List.of()
                : List.of(new LineCheck.Value(kind, "none of the format's keys"));
      } else if (c.shape != format) {
        found = EnumSet.of(IssueKind.FORMAT_MISMATCH);
        values = List.of(new LineCheck.Value(IssueKind.FORMAT_MISMATCH, c.shape.label()));
      }
      if (!seen.add(c.key)) {
        found.add(IssueKind.DUPLICATE);
      }
    }
    boolean error = found.stream().anyMatch(k -> k.severity() == Severity.ERROR);
    if (!error) {
      int context = model.info().map(ModelInfo::contextTokens).orElse(Integer.MAX_VALUE);
      if (c.sequenceTokens > context) {
        found.add(IssueKind.TOO_LONG);
      }
    }
    return new Verdict(found, values, error);
  }
}
