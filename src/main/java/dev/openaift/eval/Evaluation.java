package dev.openaift.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Scores every model's answers against the references and compares every pair of models.
 *
 * <p>Plain arrays indexed by example: the comparisons are paired (the bootstrap resamples examples
 * and McNemar counts discordant pairs), so the scores of all models stay aligned by example rather
 * than going through a table library's group-by, which would have to be joined back by example
 * again.
 */
public final class Evaluation {
  private Evaluation() {}

  /**
   * What to evaluate.
   *
   * @param references the reference per example (expected answers, or the recorded model's answers;
   *     null where there is none, and such examples score NaN)
   * @param models one or more models' answers, in the order given
   * @param metrics the metrics, in display order
   * @param knownLabels extra labels for {@link Metric#CLASSIFICATION} (may be empty)
   * @param resamples bootstrap resamples
   * @param seed bootstrap seed
   * @param topDisagreements how many examples to keep in {@link Result#disagreements}
   * @param verdicts null for none; else what each candidate is judged against
   */
  public record Spec(
      String[] references,
      List<ModelAnswers> models,
      List<Metric> metrics,
      Set<String> knownLabels,
      int resamples,
      long seed,
      int topDisagreements,
      VerdictSpec verdicts) {
    public Spec {
      models = List.copyOf(models);
      metrics = List.copyOf(metrics);
      knownLabels = Set.copyOf(knownLabels);
      if (models.isEmpty()) {
        throw new IllegalArgumentException("at least one model");
      }
      for (ModelAnswers m : models) {
        if (m.answers().length != references.length) {
          throw new IllegalArgumentException(
              m.model()
                  + " has "
                  + m.answers().length
                  + " answers for "
                  + references.length
                  + " examples");
        }
      }
    }
  }

  /**
   * What the verdicts compare: every model but the reference is a candidate.
   *
   * @param margin how much worse than the reference a candidate may be, in the metric's units
   * @param reference the reference's name: one of the models, or (with {@code recorded}) the model
   *     whose recorded answers are the references
   * @param recorded the reference is the references' own model: its answers are scored against
   *     themselves (agreement metrics give it 1 on every example it answered)
   */
  public record VerdictSpec(double margin, String reference, boolean recorded) {
    public VerdictSpec {
      if (!(margin >= 0) || Double.isInfinite(margin)) {
        throw new IllegalArgumentException("the margin must be 0 or more, got " + margin);
      }
    }
  }

  /** The mean of one metric for one model over the examples where it is defined. */
  public record Summary(double mean, int n) {}

  /**
   * One model's results.
   *
   * @param scores per metric, per example (NaN where undefined or unanswered)
   * @param summaries per metric
   * @param classification null unless {@link Metric#CLASSIFICATION} was asked
   * @param answered examples with an answer
   */
  public record ModelResult(
      String model,
      Map<Metric, double[]> scores,
      Map<Metric, Summary> summaries,
      Classification.Result classification,
      Usage usage,
      int answered) {}

  /** Model B against model A on one metric. */
  public record Comparison(
      String modelA,
      String modelB,
      Metric metric,
      Paired.Difference difference,
      Paired.McNemar mcnemar) {}

  /**
   * An example where the models disagree: {@code spread} is max minus min of the key metric's
   * scores.
   */
  public record Disagreement(int index, double spread, double[] scores) {}

  /** Everything {@code eval} reports. */
  public record Result(
      int examples,
      List<Metric> metrics,
      List<ModelResult> models,
      List<Comparison> comparisons,
      Metric disagreementMetric,
      List<Disagreement> disagreements,
      List<Verdict> verdicts) {}

  public static Result run(Spec spec) {
    int n = spec.references().length;
    List<ModelResult> results = new ArrayList<>();
    for (ModelAnswers m : spec.models()) {
      results.add(model(spec, m));
    }
    List<Comparison> comparisons = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      for (int j = i + 1; j < results.size(); j++) {
        for (Metric metric : spec.metrics()) {
          double[] a = results.get(i).scores().get(metric);
          double[] b = results.get(j).scores().get(metric);
          comparisons.add(
              new Comparison(
                  results.get(i).model(),
                  results.get(j).model(),
                  metric,
                  Paired.bootstrap(a, b, spec.resamples(), spec.seed()),
                  metric.binary() ? Paired.mcnemar(a, b) : null));
        }
      }
    }
    Metric key = disagreementMetric(spec.metrics());
    return new Result(
        n,
        spec.metrics(),
        List.copyOf(results),
        List.copyOf(comparisons),
        key,
        disagreements(results, key, n, spec.topDisagreements()),
        verdicts(spec, results));
  }

  /**
   * Each candidate against the reference on each metric, with the bootstrap of the comparisons
   * (same resamples and seed, so a model pair's interval and verdict come from the same draws).
   */
  static List<Verdict> verdicts(Spec spec, List<ModelResult> results) {
    VerdictSpec v = spec.verdicts();
    if (v == null) {
      return List.of();
    }
    ModelResult reference = null;
    if (v.recorded()) {
      String[] refs = spec.references();
      reference = model(spec, ModelAnswers.of(v.reference(), refs));
    } else {
      for (ModelResult m : results) {
        if (m.model().equals(v.reference())) {
          reference = m;
        }
      }
      if (reference == null) {
        throw new IllegalArgumentException("the reference " + v.reference() + " is not evaluated");
      }
    }
    List<Verdict> out = new ArrayList<>();
    for (ModelResult c : results) {
      if (c == reference) {
        continue;
      }
      for (Metric metric : spec.metrics()) {
        Paired.Difference d =
            Paired.bootstrap(
                reference.scores().get(metric),
                c.scores().get(metric),
                spec.resamples(),
                spec.seed());
        out.add(Verdict.of(c.model(), reference.model(), metric, v.margin(), d));
      }
    }
    return List.copyOf(out);
  }

  /** The metric that ranks disagreements: token F1 when asked (graded), else the first metric. */
  static Metric disagreementMetric(List<Metric> metrics) {
    if (metrics.contains(Metric.TOKEN_F1)) {
      return Metric.TOKEN_F1;
    }
    if (metrics.contains(Metric.CLASSIFICATION)) {
      return Metric.CLASSIFICATION;
    }
    return metrics.isEmpty() ? null : metrics.get(0);
  }

  private static ModelResult model(Spec spec, ModelAnswers m) {
    int n = spec.references().length;
    String[] refs = spec.references();
    Map<Metric, double[]> scores = new LinkedHashMap<>();
    Map<Metric, Summary> summaries = new LinkedHashMap<>();
    Classification.Result classification = null;
    int answered = 0;
    for (String a : m.answers()) {
      if (a != null) {
        answered++;
      }
    }
    for (Metric metric : spec.metrics()) {
      double[] s = new double[n];
      for (int i = 0; i < n; i++) {
        s[i] =
            m.answers()[i] == null || refs[i] == null
                ? Double.NaN
                : metric.score(m.answers()[i], refs[i]);
      }
      if (metric == Metric.CLASSIFICATION) {
        classification = classify(refs, m.answers(), spec.knownLabels(), s);
      }
      scores.put(metric, s);
      summaries.put(metric, summary(s));
    }
    return new ModelResult(
        m.model(),
        scores,
        summaries,
        classification,
        Usage.of(
            m.latencyMs(), m.promptTokens(), m.completionTokens(), m.inputPer1m(), m.outputPer1m()),
        answered);
  }

  /**
   * Classification over the examples with a reference; an unanswered example counts as {@code
   * other}.
   */
  private static Classification.Result classify(
      String[] refs, String[] answers, Set<String> known, double[] scores) {
    List<String> expected = new ArrayList<>();
    List<String> given = new ArrayList<>();
    for (int i = 0; i < refs.length; i++) {
      if (refs[i] != null) {
        expected.add(refs[i]);
        given.add(answers[i] == null ? "" : answers[i]);
      }
    }
    Classification.Result r = Classification.score(expected, given, new TreeSet<>(known));
    // per-example correctness through the same label matching as the matrix
    Classification.Matcher matcher = new Classification.Matcher(r.labels());
    for (int i = 0; i < refs.length; i++) {
      if (refs[i] != null && answers[i] != null) {
        scores[i] = matcher.match(refs[i]) == matcher.match(answers[i]) ? 1 : 0;
      }
    }
    return r;
  }

  static Summary summary(double[] s) {
    double sum = 0;
    int n = 0;
    for (double v : s) {
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return new Summary(n == 0 ? Double.NaN : sum / n, n);
  }

  /**
   * The examples with the largest spread of the key metric across models (ties: lower index first);
   * with one model, those it scored lowest. Examples where any model has no score are left out.
   */
  static List<Disagreement> disagreements(List<ModelResult> results, Metric key, int n, int top) {
    if (key == null || top <= 0) {
      return List.of();
    }
    List<Disagreement> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] s = new double[results.size()];
      boolean ok = true;
      for (int m = 0; m < s.length; m++) {
        s[m] = results.get(m).scores().get(key)[i];
        ok &= !Double.isNaN(s[m]);
      }
      if (!ok) {
        continue;
      }
      double min = Arrays.stream(s).min().orElse(0);
      double max = Arrays.stream(s).max().orElse(0);
      double spread = s.length == 1 ? 1 - s[0] : max - min;
      if (spread > 0) {
        all.add(new Disagreement(i, spread, s));
      }
    }
    all.sort(
        Comparator.comparingDouble(Disagreement::spread)
            .reversed()
            .thenComparingInt(Disagreement::index));
    return List.copyOf(all.subList(0, Math.min(top, all.size())));
  }
}
