package dev.openaift.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the stored objects in the service's JSON shapes, with every field the openai-java SDK
 * requires (nullable ones written as explicit nulls).
 */
final class Wire {
  static final ObjectMapper MAPPER = dev.openaift.io.Json.standard();

  private Wire() {}

  /** A stored object's first fields: its kind ({@code object}), then its {@code id}. */
  private static ObjectNode stored(String object, String id) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("object", object);
    n.put("id", id);
    return n;
  }

  static ObjectNode file(SandboxState.FileEntry f) {
    ObjectNode n = stored("file", f.id);
    n.put("purpose", f.purpose);
    n.put("filename", f.filename);
    n.put("bytes", f.content.length);
    n.put("created_at", f.createdAt);
    n.putNull("expires_at");
    n.put("status", "processed");
    n.putNull("status_details");
    return n;
  }

  /**
   * A job; on Azure ({@code azure}) as Azure writes it: no {@code organization_id}, and {@code
   * result_files} null until there is one.
   */
  static ObjectNode job(SandboxState.JobEntry j, Long estimatedFinish, boolean azure) {
    ObjectNode n = stored("fine_tuning.job", j.id);
    n.put("model", j.model);
    n.put("created_at", j.createdAt);
    putLong(n, "finished_at", j.finishedAt);
    n.put("fine_tuned_model", j.fineTunedModel);
    if (azure) {
      n.putNull("organization_id");
    } else {
      n.put("organization_id", JobSimulator.ORGANIZATION);
    }
    if (azure && j.resultFiles.isEmpty()) {
      n.putNull("result_files");
    } else {
      ArrayNode results = n.putArray("result_files");
      j.resultFiles.forEach(results::add);
    }
    n.put("status", j.status);
    n.put("validation_file", j.validationFile);
    n.put("training_file", j.trainingFile);
    n.set("hyperparameters", hyperparameters(j, "supervised"));
    putLong(n, "trained_tokens", j.trainedTokens);
    if (j.error == null) {
      n.putNull("error");
    } else {
      ObjectNode e = n.putObject("error");
      e.put("code", j.error.code);
      e.put("message", j.error.message);
      e.put("param", j.error.param);
    }
    n.put("user_provided_suffix", j.suffix);
    n.put("seed", j.seed);
    putLong(n, "estimated_finish", estimatedFinish);
    n.putArray("integrations");
    if (j.metadata == null) {
      n.putNull("metadata");
    } else {
      ObjectNode m = n.putObject("metadata");
      j.metadata.forEach(m::put);
    }
    ObjectNode method = n.putObject("method");
    method.put("type", j.method);
    ObjectNode inner = method.putObject(j.method);
    inner.set("hyperparameters", hyperparameters(j, j.method));
    if (j.grader != null) {
      inner.set("grader", j.grader);
    }
    return n;
  }

  /**
   * Resolved values once the files are validated, the requested ones ("auto" or a number) before.
   */
  private static ObjectNode hyperparameters(SandboxState.JobEntry j, String method) {
    ObjectNode h = MAPPER.createObjectNode();
    TrainingPlan p = j.plan;
    boolean dpo = method.equals("dpo");
    boolean rl = method.equals("reinforcement");
    if (p != null) {
      h.put("batch_size", p.batchSize());
      if (dpo) {
        h.put("beta", p.beta());
      }
      h.put("learning_rate_multiplier", p.learningRateMultiplier());
      h.put("n_epochs", p.epochs());
    } else {
      h.set("batch_size", requested(j.reqBatchSize));
      if (dpo) {
        h.set("beta", requested(j.reqBeta));
      }
      h.set("learning_rate_multiplier", requested(j.reqLearningRate));
      h.set("n_epochs", requested(j.reqEpochs));
    }
    ReinforcementPlan r = j.reinforcement;
    if (rl && r != null) {
      h.put("compute_multiplier", r.computeMultiplier());
      h.put("eval_interval", r.evalInterval());
      h.put("eval_samples", r.evalSamples());
      h.put("reasoning_effort", r.reasoningEffort());
    } else if (rl) {
      h.set("compute_multiplier", requested(j.reqComputeMultiplier));
      h.set("eval_interval", requested(j.reqEvalInterval));
      h.set("eval_samples", requested(j.reqEvalSamples));
      h.put("reasoning_effort", j.reqReasoningEffort);
    }
    return h;
  }

  private static JsonNode requested(Object v) {
    if (v instanceof Integer i) {
      return MAPPER.getNodeFactory().numberNode(i);
    }
    if (v instanceof Long l) {
      return MAPPER.getNodeFactory().numberNode(l);
    }
    if (v instanceof Number num) {
      return MAPPER.getNodeFactory().numberNode(num.doubleValue());
    }
    return MAPPER.getNodeFactory().textNode("auto");
  }

  static ObjectNode event(SandboxState.EventEntry e) {
    ObjectNode n = stored("fine_tuning.job.event", e.id);
    n.put("created_at", e.createdAt);
    n.put("level", e.level);
    n.put("message", e.message);
    n.set("data", MAPPER.valueToTree(e.data));
    n.put("type", e.type);
    return n;
  }

  static ObjectNode checkpoint(SandboxState.JobEntry j, SandboxState.CheckpointEntry c) {
    ObjectNode n = stored("fine_tuning.job.checkpoint", c.id);
    n.put("created_at", c.createdAt);
    n.put("fine_tuned_model_checkpoint", c.model);
    n.put("fine_tuning_job_id", j.id);
    ObjectNode m = n.putObject("metrics");
    for (Map.Entry<String, Object> e : c.metrics.entrySet()) {
      m.put(e.getKey(), ((Number) e.getValue()).doubleValue());
    }
    n.put("step_number", c.step);
    return n;
  }

  /**
   * A model object; {@code shutdown_date} is {@code YYYY-MM-DD}, or null when none is announced.
   */
  static ObjectNode model(
      String id, long created, String ownedBy, Optional<LocalDate> shutdownDate) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", id);
    n.put("object", "model");
    n.put("created", created);
    n.put("owned_by", ownedBy);
    n.put("shutdown_date", shutdownDate.map(LocalDate::toString).orElse(null));
    return n;
  }

  static ObjectNode deleted(String id, String object) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", id);
    n.put("object", object);
    n.put("deleted", true);
    return n;
  }

  /** {@code {"object":"list","data":[...],"has_more":...}}. */
  static ObjectNode list(List<? extends JsonNode> data, boolean hasMore) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("object", "list");
    ArrayNode a = n.putArray("data");
    data.forEach(a::add);
    n.put("has_more", hasMore);
    return n;
  }

  static ObjectNode error(ApiError e) {
    ObjectNode n = MAPPER.createObjectNode();
    ObjectNode err = n.putObject("error");
    err.put("message", e.getMessage());
    err.put("type", e.type);
    err.put("param", e.param);
    err.put("code", e.code);
    return n;
  }

  private static void putLong(ObjectNode n, String field, Long v) {
    if (v == null) {
      n.putNull(field);
    } else {
      n.put(field, v.longValue());
    }
  }
}
