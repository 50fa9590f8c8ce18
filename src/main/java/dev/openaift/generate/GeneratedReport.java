package dev.openaift.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.prepare.PrepareReport;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * {@code generated_report.json}: when and with what it was made (the config as used, the model, the
 * time), the usage of every request, what was kept and rejected (with the reason and what the model
 * sent), near-duplicates across topics, and {@code prepare}'s verdict on the training set (null for
 * a prompt set). Keys sorted.
 */
public final class GeneratedReport {
  private GeneratedReport() {}

  public static ObjectNode build(
      String project,
      String dataset,
      GenerationPlan plan,
      List<GeneratedAnswer> answers,
      DatasetBuilder.Result result,
      boolean promptsOnly,
      String output,
      PrepareReport check,
      BigDecimal cost,
      Instant now) {
    GenerateConfig c = plan.config();
    ObjectNode r = GenerateJson.JSON.createObjectNode();
    r.put("project", project);
    r.put("dataset", dataset);
    r.put("generated_at", now.toString());
    r.put("model", c.model());
    r.put("strict", plan.strict());
    r.put("output", output);
    r.put("prompts_only", promptsOnly);
    ObjectNode config = r.putObject("config");
    config.put("system", c.system());
    ArrayNode topics = config.putArray("topics");
    c.topics().forEach(topics::add);
    config.put("count", c.count());
    config.put("turns", c.turns());
    config.put("template", c.template());
    ObjectNode variables = config.putObject("variables");
    c.variables().forEach(variables::put);
    config.put("model", c.model());
    putOrNull(config, "temperature", c.temperature());
    putOrNull(config, "max_tokens", c.maxTokens());
    putOrNull(config, "seed", c.seed());
    putOrNull(config, "strict", c.strict());
    putOrNull(config, "base_model", c.baseModel());
    putOrNull(config, "epochs", c.epochs());
    putOrNull(config, "suffix", c.suffix());
    config.put("provider", c.provider());

    ArrayNode requests = r.putArray("requests");
    long prompt = 0;
    long completion = 0;
    for (GeneratedAnswer a : answers) {
      ObjectNode q = requests.addObject();
      q.put("topic_index", a.topicIndex());
      q.put("topic", a.topic());
      q.put("response_id", a.response().path("id").asText(null));
      q.put("model", a.response().path("model").asText(null));
      q.put(
          "finish_reason", a.response().path("choices").path(0).path("finish_reason").asText(null));
      q.put("prompt_tokens", a.usage("prompt_tokens"));
      q.put("completion_tokens", a.usage("completion_tokens"));
      q.put("total_tokens", a.usage("total_tokens"));
      q.put("latency_ms", a.latencyMs());
      q.put("recorded_at", a.recordedAt());
      q.put("kept", result.kept().stream().filter(k -> k.topicIndex() == a.topicIndex()).count());
      q.put(
          "rejected",
          result.rejected().stream().filter(x -> x.topicIndex() == a.topicIndex()).count());
      prompt += a.usage("prompt_tokens");
      completion += a.usage("completion_tokens");
    }
    ObjectNode usage = r.putObject("usage");
    usage.put("prompt_tokens", prompt);
    usage.put("completion_tokens", completion);
    usage.put("total_tokens", prompt + completion);
    if (cost == null) {
      usage.putNull("cost_usd");
    } else {
      usage.put("cost_usd", cost);
    }

    r.put("kept", result.kept().size());
    ArrayNode rejected = r.putArray("rejected");
    for (DatasetBuilder.Rejected x : result.rejected()) {
      ObjectNode o = rejected.addObject();
      o.put("topic_index", x.topicIndex());
      o.put("topic", x.topic());
      putOrNull(o, "conversation", x.conversation());
      o.put("reason", x.reason());
      o.set("given", x.given());
    }
    ArrayNode warnings = r.putArray("warnings");
    for (DatasetBuilder.Kept k : result.kept()) {
      for (String w : k.warnings()) {
        warnings
            .addObject()
            .put("topic_index", k.topicIndex())
            .put("conversation", k.conversation())
            .put("warning", w);
      }
    }
    ArrayNode notes = r.putArray("notes");
    result.notes().forEach(notes::add);
    ArrayNode near = r.putArray("near_duplicates");
    for (NearDuplicates.Pair p : result.nearDuplicates()) {
      ObjectNode o = near.addObject();
      DatasetBuilder.Kept a = result.kept().get(p.a().id());
      DatasetBuilder.Kept b = result.kept().get(p.b().id());
      o.put("similarity", Math.round(p.similarity() * 1000) / 1000.0);
      o.putObject("a")
          .put("topic_index", a.topicIndex())
          .put("topic", a.topic())
          .put("conversation", a.conversation())
          .put("line", p.a().id() + 1);
      o.putObject("b")
          .put("topic_index", b.topicIndex())
          .put("topic", b.topic())
          .put("conversation", b.conversation())
          .put("line", p.b().id() + 1);
    }
    if (check == null) {
      r.putNull("prepare");
      return r;
    }
    ObjectNode prepare = r.putObject("prepare");
    prepare.put("base_model", check.model().requested());
    prepare.put("usable", check.usable());
    prepare.put("examples", check.examples());
    ArrayNode problems = prepare.putArray("problems");
    check.problems().forEach(i -> problems.add(i.kind().description()));
    prepare.put("billed_tokens_per_epoch", check.estimate().billedTokensPerEpoch());
    prepare.put("epochs", check.estimate().epochs());
    if (check.estimate().cost().isPresent()) {
      prepare.put("training_cost_usd", check.estimate().cost().get());
    } else {
      prepare.putNull("training_cost_usd");
    }
    return r;
  }

  private static void putOrNull(ObjectNode o, String key, Object v) {
    if (v == null) {
      o.putNull(key);
    } else {
      o.set(key, GenerateJson.JSON.valueToTree(v));
    }
  }
}
