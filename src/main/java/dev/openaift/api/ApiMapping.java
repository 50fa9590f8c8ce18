package dev.openaift.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns API JSON objects into our records, leniently: a missing field becomes null (or empty), an
 * unknown field is ignored, a value of an unexpected type is skipped rather than fatal.
 */
final class ApiMapping {
  private ApiMapping() {}

  static Job job(JsonNode n) {
    JsonNode method = n.path("method");
    String methodType = text(method, "type");
    JsonNode hyper = methodType == null ? null : method.path(methodType).path("hyperparameters");
    if (hyper == null || !hyper.isObject()) {
      hyper = n.path("hyperparameters");
    }
    JsonNode error = n.path("error");
    String fineTunedModel = text(n, "fine_tuned_model");
    String suffix = text(n, "user_provided_suffix");
    if (suffix == null) {
      suffix = suffixOfModel(fineTunedModel);
    }
    return new Job(
        text(n, "id"),
        text(n, "status"),
        text(n, "model"),
        fineTunedModel,
        text(n, "organization_id"),
        longValue(n, "created_at"),
        longValue(n, "finished_at"),
        longValue(n, "estimated_finish"),
        longValue(n, "trained_tokens"),
        text(n, "training_file"),
        text(n, "validation_file"),
        strings(n.path("result_files")),
        methodType,
        scalarsAsText(hyper),
        suffix,
        longValue(n, "seed"),
        text(error, "code"),
        text(error, "message"),
        scalarsAsText(n.path("metadata")));
  }

  static JobEvent event(JsonNode n) {
    String id = text(n, "id");
    if (id == null) {
      throw new ApiException(ApiException.Kind.SERVER, "the API sent an event without an id");
    }
    Long created = longValue(n, "created_at");
    JsonNode data = n.path("data");
    return new JobEvent(
        id,
        created == null ? 0 : created,
        text(n, "level"),
        text(n, "message"),
        text(n, "type"),
        data.isObject() ? objectMap(data) : Map.of());
  }

  static Checkpoint checkpoint(JsonNode n) {
    Map<String, Double> metrics = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("metrics").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNumber()) {
        metrics.put(e.getKey(), e.getValue().doubleValue());
      }
    }
    Long created = longValue(n, "created_at");
    Long step = longValue(n, "step_number");
    return new Checkpoint(
        text(n, "id"),
        created == null ? 0 : created,
        text(n, "fine_tuned_model_checkpoint"),
        text(n, "fine_tuning_job_id"),
        step == null ? 0 : step,
        metrics);
  }

  static FileInfo file(JsonNode n) {
    Long bytes = longValue(n, "bytes");
    return new FileInfo(
        text(n, "id"), bytes == null ? -1 : bytes, longValue(n, "created_at"), text(n, "filename"), text(n, "purpose"));
  }

  /** {@code ft:BASE:ORG:SUFFIX:ID} -> SUFFIX; null when the name has no suffix part. */
  static String suffixOfModel(String fineTunedModel) {
    if (fineTunedModel == null || !fineTunedModel.startsWith("ft:")) {
      return null;
    }
    String[] parts = fineTunedModel.split(":", -1);
    return parts.length == 5 && !parts[3].isEmpty() ? parts[3] : null;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isValueNode() && !v.isNull() ? v.asText() : null;
  }

  private static Long longValue(JsonNode n, String field) {
    JsonNode v = n.path(field);
    if (v.isNumber()) {
      return v.longValue();
    }
    if (v.isTextual()) {
      try {
        return Long.parseLong(v.asText().strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode v : array) {
      if (v.isValueNode() && !v.isNull()) {
        out.add(v.asText());
      }
    }
    return out;
  }

  /** Scalar members as text ({@code "auto"}, {@code "3"}, {@code "1.8"}), sorted; others skipped. */
  private static Map<String, String> scalarsAsText(JsonNode object) {
    Map<String, String> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isValueNode() && !v.isNull()) {
        out.put(e.getKey(), v.asText());
      }
    }
    return out;
  }

  /** A JSON object as a sorted map: integral numbers as Long, others as Double, objects as maps. */
  static Map<String, Object> objectMap(JsonNode object) {
    Map<String, Object> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Object v = value(e.getValue());
      if (v != null) {
        out.put(e.getKey(), v);
      }
    }
    return out;
  }

  private static Object value(JsonNode v) {
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isObject()) {
      return objectMap(v);
    }
    if (v.isArray()) {
      List<Object> list = new ArrayList<>();
      for (JsonNode item : v) {
        list.add(value(item));
      }
      return list;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual()) {
      return v.asText();
    }
    return null;
  }
}
