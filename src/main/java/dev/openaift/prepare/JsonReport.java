package dev.openaift.prepare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.Echo;
import dev.openaift.io.Json;
import dev.openaift.models.ModelInfo;
import dev.openaift.models.ModelMatch;
import dev.openaift.models.TrainingEstimate;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints a {@link PrepareReport} for scripts: one JSON object, keys sorted, the same facts as
 * {@link TextReport}. Absent facts (an unknown model's price) are {@code null}.
 */
public final class JsonReport {
  private static final ObjectMapper JSON = Json.mapper();

  private JsonReport() {}

  public static void render(PrepareReport r, PrintWriter out) {
    try {
      // data for programs: as it is, not escaped for people (JSON escapes its own controls)
      Echo.raw(out).println(Json.pretty().writeValueAsString(toMap(r)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
    out.flush();
  }

  /** The report as nested sorted maps and lists (what {@link #render} writes). */
  public static Map<String, Object> toMap(PrepareReport r) {
    Map<String, Object> root = new TreeMap<>();
    root.put("file", r.file().toString());
    root.put("format", r.format().id());
    root.put("lines", r.lines());
    root.put("blank_lines", r.blankLines());
    root.put("examples", r.examples());
    root.put("valid_examples", r.validExamples());
    root.put("usable", r.usable());
    root.put("model", model(r.model()));
    List<Object> issues = new ArrayList<>();
    for (Issue i : r.issues()) {
      Map<String, Object> m = new TreeMap<>();
      m.put("kind", i.kind().id());
      m.put("severity", i.severity().name().toLowerCase(Locale.ROOT));
      m.put("description", i.kind().description());
      m.put("count", i.count());
      m.put("lines", i.lines());
      m.put("lines_truncated", i.truncated());
      m.put("values", i.values());
      issues.add(m);
    }
    root.put("issues", issues);
    root.put("messages_per_example", distribution(r.messagesPerExample()));
    root.put("tokens_per_example", distribution(r.tokensPerExample()));
    root.put("assistant_tokens_per_example", distribution(r.assistantTokensPerExample()));
    TrainingEstimate e = r.estimate();
    Map<String, Object> estimate = new TreeMap<>();
    estimate.put("billed_tokens_per_epoch", e.billedTokensPerEpoch());
    estimate.put("epochs", e.epochs());
    estimate.put("epochs_source", e.epochsGiven() ? "given" : "auto");
    estimate.put("billed_tokens_total", e.billedTokensTotal());
    estimate.put("training_per_1m", e.pricePer1m().orElse(null));
    estimate.put("cost_usd", e.cost().orElse(null));
    root.put("estimate", estimate);
    root.put("prices_as_of", r.pricesAsOf());
    root.put("notes", r.notes());
    return root;
  }

  private static Map<String, Object> model(ModelMatch m) {
    Map<String, Object> out = new TreeMap<>();
    out.put("requested", m.requested());
    out.put("encoding", m.encoding());
    out.put("matched", m.info().map(ModelInfo::name).orElse(null));
    out.put("context", m.info().map(ModelInfo::contextTokens).orElse(null));
    out.put("training_per_1m", m.info().map(ModelInfo::trainingPer1m).orElse(null));
    return out;
  }

  private static Map<String, Object> distribution(Distribution d) {
    Map<String, Object> out = new TreeMap<>();
    out.put("count", d.count());
    out.put("min", d.min());
    out.put("p5", d.p5());
    out.put("median", d.median());
    out.put("mean", BigDecimal.valueOf(d.mean()).setScale(3, RoundingMode.HALF_UP));
    out.put("p95", d.p95());
    out.put("max", d.max());
    out.put("sum", d.sum());
    return out;
  }
}
