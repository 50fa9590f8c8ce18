package dev.openaift.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.io.Echo;
import dev.openaift.io.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The API's wire JSON of a job, an event and a checkpoint, both ways: {@code fine_tuning.job},
 * {@code fine_tuning.job.event} and {@code fine_tuning.job.checkpoint} objects onto {@link Job},
 * {@link JobEvent} and {@link Checkpoint} (fields read by {@link Json}'s field readers, unknown
 * fields ignored), and back in the same layout. The API layer maps its answers with it, and {@link
 * JobFiles} and {@link JobFileWriter} read and write the archive's files with it.
 */
public final class JobJson {
  /** Builds nodes ({@link Json#mapper()}). */
  private static final ObjectMapper MAPPER = Json.mapper();

  /** 9999-12-31T23:59:59Z: later "unix seconds" are not a time (a garbled or millisecond value). */
  private static final long LAST_TIME = 253402300799L;

  private JobJson() {}

  /** Maps a {@code fine_tuning.job} object; unknown fields are ignored. */
  public static Job jobFromJson(JsonNode n) {
    String methodType = Json.text(n.path("method"), "type");
    JsonNode hp = null;
    if (methodType != null) {
      JsonNode m = n.path("method").path(methodType).path("hyperparameters");
      if (m.isObject()) {
        hp = m;
      }
    }
    if (hp == null && n.path("hyperparameters").isObject()) {
      hp = n.path("hyperparameters");
    }
    if (hp == null && n.path("hyperparams").isObject()) {
      hp = n.path("hyperparams"); // a legacy /v1/fine-tunes object ("object": "fine-tune")
    }
    Map<String, String> hyperparameters = new TreeMap<>();
    if (hp != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = hp.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        if (v.isValueNode() && !v.isNull()) {
          hyperparameters.put(
              e.getKey(), v.isBigDecimal() ? v.decimalValue().toString() : v.asText());
        }
      }
    }
    String fineTunedModel = Json.text(n, "fine_tuned_model");
    String suffix = Json.text(n, "user_provided_suffix");
    if (suffix == null && fineTunedModel != null) {
      String[] parts = fineTunedModel.split(":", -1);
      if (parts.length == 5 && parts[0].equals("ft") && !parts[3].isEmpty()) {
        suffix = parts[3];
      }
    }
    List<String> resultFiles = new ArrayList<>();
    for (JsonNode f : n.path("result_files")) {
      if (f.isTextual()) {
        resultFiles.add(f.asText());
      }
    }
    Map<String, String> metadata = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("metadata").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isValueNode() && !e.getValue().isNull()) {
        metadata.put(e.getKey(), e.getValue().asText());
      }
    }
    JsonNode error = n.path("error");
    return new Job(
        Json.text(n, "id"),
        Json.text(n, "status"),
        Json.text(n, "model"),
        fineTunedModel,
        Json.text(n, "organization_id"),
        Json.wholeNumber(n, "created_at"),
        Json.wholeNumber(n, "finished_at"),
        Json.wholeNumber(n, "estimated_finish"),
        Json.wholeNumber(n, "trained_tokens"),
        Json.text(n, "training_file"),
        Json.text(n, "validation_file"),
        resultFiles,
        methodType,
        hyperparameters,
        suffix,
        Json.wholeNumber(n, "seed"),
        error.isObject() ? Json.text(error, "code") : null,
        error.isObject() ? Json.text(error, "message") : null,
        metadata,
        others(n, methodType));
  }

  /**
   * The top-level fields of a job that {@link #jobFromJson} reads into the record's own components
   * (and {@link #jobToJson} writes from them); every other field is kept whole in {@link
   * Job#others}.
   */
  private static final Set<String> NAMED =
      Set.of(
          "id",
          "object",
          "status",
          "model",
          "fine_tuned_model",
          "organization_id",
          "created_at",
          "finished_at",
          "estimated_finish",
          "trained_tokens",
          "training_file",
          "validation_file",
          "result_files",
          "hyperparameters",
          "hyperparams",
          "method",
          "user_provided_suffix",
          "seed",
          "error",
          "metadata");

  /**
   * The fields of job {@code n} beyond the record's own, each as canonical JSON text; for {@code
   * method}, what is left without its type and its type's hyperparameters (a grader); for {@code
   * error}, what is left without its code and message (its {@code param}).
   */
  private static Map<String, String> others(JsonNode n, String methodType) {
    if (!n.isObject()) {
      return Map.of();
    }
    Map<String, String> others = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!NAMED.contains(e.getKey())) {
        others.put(e.getKey(), canonical(e.getValue()));
      }
    }
    if (n.path("method").isObject()) {
      ObjectNode rest = n.get("method").deepCopy();
      rest.remove("type");
      if (methodType != null && rest.path(methodType).isObject()) {
        ((ObjectNode) rest.get(methodType)).remove("hyperparameters");
        if (rest.get(methodType).isEmpty()) {
          rest.remove(methodType);
        }
      } else if (methodType != null) {
        // not an object (null): jobToJson writes the type's object itself, so nothing is left
        rest.remove(methodType);
      }
      if (!rest.isEmpty()) {
        others.put("method", canonical(rest));
      }
    }
    if (n.path("error").isObject()) {
      // what the record's code and message leave: the parameter at fault
      ObjectNode rest = n.get("error").deepCopy();
      rest.remove("code");
      rest.remove("message");
      if (!rest.isEmpty()) {
        others.put("error", canonical(rest));
      }
    }
    return others;
  }

  /** {@code v} as compact JSON text with the keys of every object sorted. */
  private static String canonical(JsonNode v) {
    try {
      return MAPPER.writeValueAsString(Json.sorted(v));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a job's field", e);
    }
  }

  /**
   * The other fields ({@link Job#others}) of a job as listed now, over those of its archived copy:
   * a field the listing no longer carries (a grader a service stops serving) stays as archived;
   * objects on both sides are merged in depth, the listing's values first.
   */
  public static Map<String, String> othersOver(
      Map<String, String> listed, Map<String, String> archived) {
    Map<String, String> kept = new TreeMap<>(archived);
    for (Map.Entry<String, String> e : listed.entrySet()) {
      String old = archived.get(e.getKey());
      if (old == null) {
        kept.put(e.getKey(), e.getValue());
        continue;
      }
      try {
        JsonNode now = MAPPER.readTree(e.getValue());
        JsonNode before = MAPPER.readTree(old);
        if (now.isObject() && before.isObject()) {
          merge((ObjectNode) now, before);
        }
        kept.put(e.getKey(), canonical(now));
      } catch (JsonProcessingException ex) {
        kept.put(e.getKey(), e.getValue());
      }
    }
    return kept;
  }

  /** Adds to {@code into} every field of {@code from} it lacks, object fields merged in depth. */
  private static void merge(ObjectNode into, JsonNode from) {
    for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode mine = into.get(e.getKey());
      if (mine == null) {
        into.set(e.getKey(), e.getValue());
      } else if (mine.isObject() && e.getValue().isObject()) {
        merge((ObjectNode) mine, e.getValue());
      }
    }
  }

  /**
   * Maps a {@code fine_tuning.job.event} object.
   *
   * @throws IllegalArgumentException when {@code id} or {@code created_at} is missing
   */
  public static JobEvent eventFromJson(JsonNode n) {
    if (!n.isObject()) {
      throw new IllegalArgumentException("expected an event object, found " + kind(n));
    }
    String id = Json.text(n, "id");
    if (id == null) {
      throw new IllegalArgumentException("event has no \"id\"");
    }
    JsonNode created = n.get("created_at");
    if (!Json.isNumber(created)) {
      throw new IllegalArgumentException(
          "event " + Echo.cut(id) + " has no numeric \"created_at\"");
    }
    Long createdAt = Json.wholeNumber(n, "created_at");
    if (createdAt == null || createdAt < 0 || createdAt > LAST_TIME) {
      throw new IllegalArgumentException(
          "event "
              + Echo.cut(id)
              + ": created_at "
              + Echo.cut(created.asText())
              + " is not a time (unix seconds after 1970, before 10000)");
    }
    Map<String, Object> data = new TreeMap<>();
    JsonNode d = n.path("data");
    if (d.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        // a declared number: "step" may come as a string like any number field (Json's policy)
        boolean textStep = e.getKey().equals("step") && v.isTextual() && Json.isWholeNumber(v);
        data.put(
            e.getKey(), textStep && Json.wholeNumber(v) != null ? Json.wholeNumber(v) : plain(v));
      }
    }
    return new JobEvent(
        id, createdAt, Json.text(n, "level"), Json.text(n, "message"), Json.text(n, "type"), data);
  }

  /**
   * Maps a {@code fine_tuning.job.checkpoint} object; metrics that are not numbers ({@link
   * Json#number}) are skipped.
   */
  public static Checkpoint checkpointFromJson(JsonNode n) {
    Map<String, Double> metrics = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("metrics").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Double value = Json.number(e.getValue());
      if (value != null) {
        metrics.put(e.getKey(), value);
      }
    }
    Long created = Json.wholeNumber(n, "created_at");
    Long step = Json.wholeNumber(n, "step_number");
    return new Checkpoint(
        Json.text(n, "id"),
        created == null ? 0 : created,
        Json.text(n, "fine_tuned_model_checkpoint"),
        Json.text(n, "fine_tuning_job_id"),
        step == null ? 0 : step,
        metrics);
  }

  // ---------------------------------------------------------------- records -> wire JSON

  /** The event as one line of JSON (no line break), the wire layout. */
  public static String eventToJsonLine(JobEvent e) {
    try {
      return MAPPER.writeValueAsString(eventToJson(e));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot write event " + e.id(), ex);
    }
  }

  /** The job in the wire layout (the fields this tool keeps). */
  public static ObjectNode jobToJson(Job j) {
    ObjectNode n = wireObject(j.id(), "fine_tuning.job", j.createdAt());
    n.put("status", j.status());
    n.put("model", j.model());
    n.put("fine_tuned_model", j.fineTunedModel());
    n.put("organization_id", j.organizationId());
    n.put("finished_at", j.finishedAt());
    n.put("estimated_finish", j.estimatedFinish());
    n.put("trained_tokens", j.trainedTokens());
    n.put("training_file", j.trainingFile());
    n.put("validation_file", j.validationFile());
    ArrayNode files = n.putArray("result_files");
    j.resultFiles().forEach(files::add);
    ObjectNode hp = MAPPER.createObjectNode();
    for (Map.Entry<String, String> e : new TreeMap<>(j.hyperparameters()).entrySet()) {
      hp.set(e.getKey(), hyperparameterNode(e.getValue()));
    }
    n.set("hyperparameters", hp);
    if (j.methodType() != null) {
      ObjectNode method = n.putObject("method");
      method.put("type", j.methodType());
      method.putObject(j.methodType()).set("hyperparameters", hp.deepCopy());
    }
    if (j.suffix() != null) {
      n.put("user_provided_suffix", j.suffix());
    }
    if (j.seed() != null) {
      n.put("seed", j.seed());
    }
    if (j.errorCode() != null || j.errorMessage() != null) {
      ObjectNode err = n.putObject("error");
      err.put("code", j.errorCode());
      err.put("message", j.errorMessage());
    } else if (j.other("error") == null) {
      n.putNull("error");
    }
    ObjectNode meta = n.putObject("metadata");
    new TreeMap<>(j.metadata()).forEach(meta::put);
    // the fields this record does not name, as the source had them (a reinforcement job's grader)
    ObjectNode others = MAPPER.createObjectNode();
    for (Map.Entry<String, String> e : j.others().entrySet()) {
      try {
        others.set(e.getKey(), MAPPER.readTree(e.getValue()));
      } catch (JsonProcessingException ex) {
        throw new IllegalStateException("job " + j.id() + ": unreadable field " + e.getKey(), ex);
      }
    }
    merge(n, others);
    return n;
  }

  static ObjectNode eventToJson(JobEvent e) {
    ObjectNode n = wireObject(e.id(), "fine_tuning.job.event", e.createdAt());
    n.put("level", e.level());
    n.put("message", e.message());
    if (e.type() != null) {
      n.put("type", e.type());
    }
    n.set("data", MAPPER.valueToTree(new TreeMap<>(e.data())));
    return n;
  }

  /** The checkpoint in the wire layout. */
  public static ObjectNode checkpointToJson(Checkpoint c) {
    ObjectNode n = wireObject(c.id(), "fine_tuning.job.checkpoint", c.createdAt());
    n.put("fine_tuned_model_checkpoint", c.fineTunedModelCheckpoint());
    n.put("fine_tuning_job_id", c.fineTuningJobId());
    n.put("step_number", c.stepNumber());
    ObjectNode m = n.putObject("metrics");
    new TreeMap<>(c.metrics()).forEach(m::put);
    return n;
  }

  /** What every API object starts with: its {@code id}, its kind and {@code created_at}. */
  private static ObjectNode wireObject(String id, String object, Long createdAt) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", id);
    n.put("object", object);
    n.put("created_at", createdAt);
    return n;
  }

  private static JsonNode hyperparameterNode(String value) {
    if (value == null) {
      return MAPPER.nullNode();
    }
    try {
      BigDecimal d = new BigDecimal(value);
      return d.scale() <= 0 && d.precision() < 19
          ? MAPPER.getNodeFactory().numberNode(d.longValueExact())
          : MAPPER.getNodeFactory().numberNode(d);
    } catch (NumberFormatException | ArithmeticException notANumber) {
      return MAPPER.getNodeFactory().textNode(value);
    }
  }

  /**
   * A JSON value as plain Java: Long or Double for numbers, maps (sorted) and lists for containers.
   */
  private static Object plain(JsonNode v) {
    if (v.isNumber()) {
      if (v.isIntegralNumber() && v.canConvertToLong()) {
        return v.longValue();
      }
      return v.doubleValue();
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isObject()) {
      Map<String, Object> m = new TreeMap<>();
      v.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
      return m;
    }
    if (v.isArray()) {
      List<Object> l = new ArrayList<>();
      v.forEach(x -> l.add(plain(x)));
      return l;
    }
    return null;
  }

  /** What a value is, for a message: "an array", "an object", "null", "a string", ... */
  static String kind(JsonNode n) {
    return n.isArray()
        ? "an array"
        : n.isObject()
            ? "an object"
            : n.isNull()
                ? "null"
                : "a " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
