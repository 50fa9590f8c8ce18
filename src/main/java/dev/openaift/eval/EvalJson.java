package dev.openaift.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.Json;
import dev.openaift.record.Sampling;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code eval.json}: the results with stable, sorted keys; a value that is undefined (NaN) is null.
 *
 * <pre>
 * format, version, created_at, data_file, data_sha256, examples, reference_answered (examples with
 * a reference: all against the expected answers, those the recording answered against one),
 * against, metrics [ids, in order],
 * sampling.NAME {temperature, seed, max_tokens} (how each model's answers were sampled, from its
 *     recording's header, null for an option not sent; the models and a recorded reference),
 * model_order [names], bootstrap {confidence, resamples, seed},
 * models.NAME {answered, metrics.METRIC {mean, n},
 *              usage {requests, with_usage, latency_p50_ms, latency_p95_ms, prompt_tokens, completion_tokens,
 *                     cost_per_1000_requests_usd},
 *              classification {examples, correct, accuracy, macro_f1, weighted_f1, out_of_set, labels, other,
 *                              confusion [rows: expected label; columns: labels then other],
 *                              per_class.LABEL {support, predicted, true_positives, precision, recall, f1}}},
 * comparisons [{model_a, model_b, metric, n, mean_a, mean_b, difference (b - a), ci_low, ci_high,
 *               mcnemar {n, both_right, a_only, b_only, both_wrong, p_value} or null}],
 * disagreements {metric, examples [{index, line, spread, scores.NAME}]},
 * created (the same instant as created_at, the key the readiness view reads),
 * verdicts [{candidate, reference, metric, margin, difference, lower_bound, upper_bound,
 *            verdict PASS|FAIL|INCONCLUSIVE, examples_to_settle (null unless INCONCLUSIVE), n,
 *            higher_is_better}] (empty without --margin), verdict_test (the test in words, with --margin),
 * judge {model, system, user, pairs [{model_a, model_b, n, preference_b, ci_low, ci_high, both_a, both_b,
 *        split, unreadable}]} or null
 * </pre>
 */
public final class EvalJson {
  public static final String FORMAT = "openai-ft.eval";
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER = Json.mapper();

  private EvalJson() {}

  public static byte[] write(Evaluation.Result r, EvalMeta meta) {
    try {
      return (Json.pretty().writeValueAsString(toMap(r, meta)) + "\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write eval.json", e);
    }
  }

  static Map<String, Object> toMap(Evaluation.Result r, EvalMeta meta) {
    Map<String, Object> root = new TreeMap<>();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("created_at", meta.createdAt().toString());
    root.put("data_file", meta.dataFile());
    root.put("data_sha256", meta.dataSha256());
    root.put("examples", r.examples());
    root.put("reference_answered", meta.referenceAnswered());
    root.put("against", meta.against());
    root.put("metrics", r.metrics().stream().map(Metric::id).toList());
    root.put("model_order", r.models().stream().map(Evaluation.ModelResult::model).toList());
    Map<String, Object> boot = new TreeMap<>();
    boot.put("confidence", 0.95);
    Paired.Difference any = r.comparisons().isEmpty() ? null : r.comparisons().get(0).difference();
    boot.put("resamples", any == null ? null : any.resamples());
    boot.put("seed", any == null ? null : any.seed());
    root.put("bootstrap", boot);
    Map<String, Object> models = new TreeMap<>();
    for (Evaluation.ModelResult m : r.models()) {
      models.put(m.model(), model(m));
    }
    root.put("models", models);
    Map<String, Object> sampling = new TreeMap<>();
    for (Map.Entry<String, Sampling> e : meta.sampling().entrySet()) {
      Map<String, Object> x = new TreeMap<>();
      x.put("temperature", e.getValue().temperature());
      x.put("seed", e.getValue().seed());
      x.put("max_tokens", e.getValue().maxTokens());
      sampling.put(e.getKey(), x);
    }
    root.put("sampling", sampling);
    List<Object> comps = new ArrayList<>();
    for (Evaluation.Comparison c : r.comparisons()) {
      Map<String, Object> x = new TreeMap<>();
      x.put("model_a", c.modelA());
      x.put("model_b", c.modelB());
      x.put("metric", c.metric().id());
      x.put("n", c.difference().n());
      x.put("mean_a", num(c.difference().meanA()));
      x.put("mean_b", num(c.difference().meanB()));
      x.put("difference", num(c.difference().diff()));
      x.put("ci_low", num(c.difference().ciLow()));
      x.put("ci_high", num(c.difference().ciHigh()));
      Paired.McNemar mc = c.mcnemar();
      if (mc == null) {
        x.put("mcnemar", null);
      } else {
        Map<String, Object> t = new TreeMap<>();
        t.put("n", mc.n());
        t.put("both_right", mc.bothRight());
        t.put("a_only", mc.aOnly());
        t.put("b_only", mc.bOnly());
        t.put("both_wrong", mc.bothWrong());
        t.put("p_value", num(mc.pValue()));
        x.put("mcnemar", t);
      }
      comps.add(x);
    }
    root.put("comparisons", comps);
    Map<String, Object> dis = new TreeMap<>();
    dis.put("metric", r.disagreementMetric() == null ? null : r.disagreementMetric().id());
    List<Object> ex = new ArrayList<>();
    for (Evaluation.Disagreement d : r.disagreements()) {
      Map<String, Object> x = new TreeMap<>();
      x.put("index", d.index());
      x.put("line", meta.lines()[d.index()]);
      x.put("spread", num(d.spread()));
      Map<String, Object> s = new TreeMap<>();
      for (int m = 0; m < r.models().size(); m++) {
        s.put(r.models().get(m).model(), num(d.scores()[m]));
      }
      x.put("scores", s);
      ex.add(x);
    }
    dis.put("examples", ex);
    root.put("disagreements", dis);
    root.put("judge", judge(meta.judge()));
    root.put("created", meta.createdAt().toString());
    List<Object> verdicts = new ArrayList<>();
    for (Verdict v : r.verdicts()) {
      Map<String, Object> x = new TreeMap<>();
      x.put("candidate", v.candidate());
      x.put("reference", v.reference());
      x.put("metric", v.metric().id());
      x.put("margin", v.margin());
      x.put("difference", num(v.difference()));
      x.put("lower_bound", num(v.lowerBound()));
      x.put("upper_bound", num(v.upperBound()));
      x.put("verdict", v.outcome().name());
      x.put("examples_to_settle", v.examplesToSettle());
      x.put("n", v.n());
      x.put("higher_is_better", v.metric().higherIsBetter());
      verdicts.add(x);
    }
    root.put("verdicts", verdicts);
    if (!r.verdicts().isEmpty()) {
      Verdict v = r.verdicts().get(0);
      root.put("verdict_test", Verdict.explanation(v.margin(), v.resamples()));
    }
    return root;
  }

  private static Map<String, Object> model(Evaluation.ModelResult m) {
    Map<String, Object> x = new TreeMap<>();
    x.put("answered", m.answered());
    Map<String, Object> metrics = new TreeMap<>();
    for (Map.Entry<Metric, Evaluation.Summary> e : m.summaries().entrySet()) {
      Map<String, Object> s = new TreeMap<>();
      s.put("mean", num(e.getValue().mean()));
      s.put("n", e.getValue().n());
      metrics.put(e.getKey().id(), s);
    }
    x.put("metrics", metrics);
    Usage u = m.usage();
    Map<String, Object> usage = new TreeMap<>();
    usage.put("requests", u.requests());
    usage.put("with_usage", u.withUsage());
    usage.put("latency_p50_ms", num(u.latencyP50Ms()));
    usage.put("latency_p95_ms", num(u.latencyP95Ms()));
    usage.put("prompt_tokens", u.promptTokens());
    usage.put("completion_tokens", u.completionTokens());
    usage.put(
        "cost_per_1000_requests_usd",
        u.costPer1000() == null ? null : u.costPer1000().toPlainString());
    x.put("usage", usage);
    x.put("classification", m.classification() == null ? null : classification(m.classification()));
    return x;
  }

  private static Map<String, Object> classification(Classification.Result c) {
    Map<String, Object> x = new TreeMap<>();
    x.put("examples", c.examples());
    x.put("correct", c.correct());
    x.put("accuracy", num(c.accuracy()));
    x.put("macro_f1", num(c.macroF1()));
    x.put("weighted_f1", num(c.weightedF1()));
    x.put("out_of_set", c.outOfSet());
    x.put("labels", c.labels());
    x.put("other", c.other());
    List<List<Long>> rows = new ArrayList<>();
    for (long[] row : c.confusion()) {
      List<Long> l = new ArrayList<>();
      for (long v : row) {
        l.add(v);
      }
      rows.add(l);
    }
    x.put("confusion", rows);
    Map<String, Object> per = new TreeMap<>();
    for (Classification.ClassScore s : c.perClass()) {
      Map<String, Object> p = new TreeMap<>();
      p.put("support", s.support());
      p.put("predicted", s.predicted());
      p.put("true_positives", s.truePositives());
      p.put("precision", s.precision());
      p.put("recall", s.recall());
      p.put("f1", s.f1());
      per.put(s.label(), p);
    }
    x.put("per_class", per);
    return x;
  }

  private static Map<String, Object> judge(Judge.Result j) {
    if (j == null) {
      return null;
    }
    Map<String, Object> x = new TreeMap<>();
    x.put("model", j.judgeModel());
    x.put("system", j.system());
    x.put("user", j.user());
    List<Object> pairs = new ArrayList<>();
    for (Judge.PairResult p : j.pairs()) {
      Map<String, Object> y = new TreeMap<>();
      y.put("model_a", p.modelA());
      y.put("model_b", p.modelB());
      y.put("n", p.vsTie().n());
      y.put("preference_b", num(p.vsTie().meanB()));
      y.put("ci_low", num(p.preferenceLow()));
      y.put("ci_high", num(p.preferenceHigh()));
      y.put("both_a", p.bothA());
      y.put("both_b", p.bothB());
      y.put("split", p.split());
      y.put("unreadable", p.unreadable());
      pairs.add(y);
    }
    x.put("pairs", pairs);
    return x;
  }

  static Double num(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
