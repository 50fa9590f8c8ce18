package dev.openaift.prepare;

import dev.openaift.models.Dollars;
import dev.openaift.models.ModelInfo;
import dev.openaift.models.ModelMatch;
import dev.openaift.models.TrainingEstimate;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Prints a {@link PrepareReport} for people: aligned plain text, numbers in {@link Locale#ROOT}.
 */
public final class TextReport {
  private TextReport() {}

  public static void render(PrepareReport r, PrintWriter out) {
    ModelMatch m = r.model();
    out.println(row("File", r.file().toString()));
    out.println(row("Format", r.format().label()));
    String blank = r.blankLines() > 0 ? " (" + num(r.blankLines()) + " blank)" : "";
    out.println(row("Lines", num(r.lines()) + blank));
    out.println(
        row(
            "Examples",
            num(r.examples())
                + (r.validExamples() < r.examples()
                    ? " (" + num(r.validExamples()) + " without errors)"
                    : "")));
    out.println(row("Model", model(m)));
    out.println();

    out.println("Findings");
    if (r.issues().isEmpty()) {
      out.println("  none");
    } else {
      int width =
          r.issues().stream().mapToInt(i -> i.kind().description().length()).max().orElse(0);
      for (Issue i : r.issues()) {
        out.println(
            "  "
                + pad(i.severity().name().toLowerCase(Locale.ROOT), 8)
                + pad(i.kind().description(), width + 2)
                + where(i));
      }
    }
    out.println();

    out.println(
        "Per example          "
            + String.join(
                "",
                List.of("min", "p5", "median", "mean", "p95", "max").stream()
                    .map(h -> left(h, 10))
                    .toList()));
    out.println(distribution("messages", r.messagesPerExample()));
    out.println(distribution("tokens", r.tokensPerExample()));
    out.println(distribution("assistant tokens", r.assistantTokensPerExample()));
    out.println();

    TrainingEstimate e = r.estimate();
    out.println("Estimate");
    out.println(row("  Billed tokens per epoch", num(e.billedTokensPerEpoch())));
    out.println(
        row(
            "  Epochs",
            e.epochs()
                + (e.epochsGiven()
                    ? " (given)"
                    : " (the service's default for " + num(r.examples()) + " examples)")));
    out.println(row("  Billed tokens total", num(e.billedTokensTotal())));
    out.println(
        row(
            "  Training cost",
            e.cost().isPresent()
                ? dollars(e.cost().get(), e.billedTokensTotal())
                    + " (at $"
                    + money(e.pricePer1m().get())
                    + " per 1M training tokens)"
                : "unknown (no price for this model)"));
    out.println();

    if (!r.notes().isEmpty()) {
      out.println("Notes");
      for (String note : r.notes()) {
        out.println("  - " + note);
      }
      out.println();
    }
    out.println(verdict(r));
    out.flush();
  }

  /** The last line: {@code Result: usable ...} or {@code Result: NOT usable: ...}. */
  public static String verdict(PrepareReport r) {
    long warnings = r.count(Severity.WARNING);
    String w = warnings == 0 ? "" : " (" + warnings + (warnings == 1 ? " warning)" : " warnings)");
    if (r.usable()) {
      return "Result: usable" + w;
    }
    List<Issue> problems = r.problems();
    return "Result: NOT usable: "
        + problems.size()
        + (problems.size() == 1 ? " problem (" : " problems (")
        + problems.stream().map(i -> i.kind().description()).collect(Collectors.joining("; "))
        + ")";
  }

  private static String model(ModelMatch m) {
    if (m.info().isEmpty()) {
      return m.requested() + " (unknown; tokens counted with " + m.encoding() + ")";
    }
    ModelInfo info = m.info().get();
    String name =
        info.name().equals(m.requested()) ? info.name() : m.requested() + " -> " + info.name();
    return name + " (" + info.encoding() + ", context " + num(info.contextTokens()) + " tokens)";
  }

  private static String where(Issue i) {
    StringBuilder b = new StringBuilder();
    if (i.kind() == IssueKind.TOO_FEW_EXAMPLES) {
      b.append(num(i.count())).append(i.count() == 1 ? " example" : " examples");
    } else if (i.kind().fileLevel()) {
      b.append("whole file");
    } else {
      b.append(num(i.count())).append(i.count() == 1 ? " line: " : " lines: ");
      b.append(i.lines().stream().map(String::valueOf).collect(Collectors.joining(", ")));
      if (i.truncated()) {
        b.append(", … (first ").append(i.lines().size()).append(')');
      }
    }
    if (!i.values().isEmpty()) {
      b.append(" [").append(String.join(", ", i.values())).append(']');
    }
    return b.toString();
  }

  private static String distribution(String label, Distribution d) {
    return "  "
        + pad(label, 19)
        + left(num(d.min()), 10)
        + left(num(d.p5()), 10)
        + left(num(d.median()), 10)
        + left(String.format(Locale.ROOT, "%,.1f", d.mean()), 10)
        + left(num(d.p95()), 10)
        + left(num(d.max()), 10);
  }

  private static String row(String label, String value) {
    return pad(label, 28) + value;
  }

  static String num(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** The cost in dollars; "less than $0.01" rather than $0.00 when something is billed. */
  private static String dollars(BigDecimal cost, long tokens) {
    return Dollars.of(cost, tokens);
  }

  static String money(BigDecimal amount) {
    BigDecimal shown = amount.scale() < 2 ? amount.setScale(2, RoundingMode.UNNECESSARY) : amount;
    return shown.toPlainString();
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
  }

  private static String left(String s, int width) {
    return s.length() >= width ? " " + s : " ".repeat(width - s.length()) + s;
  }
}
