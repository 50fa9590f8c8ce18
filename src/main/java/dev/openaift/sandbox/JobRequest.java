package dev.openaift.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /v1/fine_tuning/jobs} body. Every problem is a 400 naming the parameter
 * (dotted for nested ones, e.g. {@code hyperparameters.n_epochs}). Hyperparameters may come at the
 * top level or in {@code method.supervised|dpo|reinforcement.hyperparameters}, not both; a
 * reinforcement job needs {@code method.reinforcement.grader} (echoed back as given). Requested
 * hyperparameters are "auto" or a number. {@code integrations} are accepted and ignored (jobs
 * answer an empty list); {@code model} may be a base model, its alias, or a fine-tuned model to
 * continue from (whose training examples the new model then also knows).
 */
record JobRequest(
    String model,
    String baseModel,
    String parentModel,
    String trainingFile,
    String validationFile,
    String suffix,
    Long seed,
    TreeMap<String, String> metadata,
    String method,
    Object epochs,
    Object batchSize,
    Object learningRate,
    Object beta,
    Object computeMultiplier,
    Object evalInterval,
    Object evalSamples,
    String reasoningEffort,
    ObjectNode grader) {

  static final Set<String> METHODS = Set.of("supervised", "dpo", "reinforcement");
  private static final Set<String> GRADER_TYPES =
      Set.of("string_check", "text_similarity", "score_model", "label_model", "python", "multi");
  private static final Set<String> EFFORTS = Set.of("default", "low", "medium", "high");

  private static final Pattern SUFFIX = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  static JobRequest parse(ObjectNode body, SandboxState state) {
    String model = Json.requiredString(body, "model", "model");
    String baseModel;
    String parent = null;
    var base = BaseModels.find(model);
    if (base.isPresent()) {
      baseModel = base.get().id();
      model = baseModel;
    } else if (state.models.containsKey(model)) {
      parent = model;
      SandboxState.JobEntry parentJob = state.jobs.get(state.models.get(model).jobId);
      baseModel = parentJob == null ? model : parentJob.baseModel;
    } else {
      throw ApiError.badRequest(
          "model",
          "model_not_available",
          "Model " + model + " is not available for fine-tuning or does not exist.");
    }
    String training = Json.requiredString(body, "training_file", "training_file");
    checkFile(state, training, "training_file");
    String validation = Json.string(body, "validation_file", "validation_file");
    if (validation != null) {
      checkFile(state, validation, "validation_file");
    }
    String suffix = Json.string(body, "suffix", "suffix");
    if (suffix != null && !SUFFIX.matcher(suffix).matches()) {
      throw ApiError.badRequest(
          "suffix",
          "invalid_value",
          "Invalid 'suffix': use 1 to 64 letters, digits, '-' or '_', got '" + suffix + "'.");
    }
    Long seed = null;
    JsonNode s = body.get("seed");
    if (s != null && !s.isNull()) {
      if (!s.isIntegralNumber() || s.asLong() < 0 || s.asLong() > Integer.MAX_VALUE) {
        throw ApiError.badRequest(
            "seed",
            "invalid_value",
            "Invalid 'seed': expected an integer between 0 and 2147483647.");
      }
      seed = s.asLong();
    }
    TreeMap<String, String> metadata = metadata(body);

    String method = "supervised";
    ObjectNode grader = null;
    ObjectNode hyper = Json.objectField(body, "hyperparameters", "hyperparameters");
    String hyperParam = "hyperparameters";
    ObjectNode m = Json.objectField(body, "method", "method");
    if (m != null) {
      method = Json.requiredString(m, "type", "method.type");
      if (!METHODS.contains(method)) {
        throw ApiError.badRequest(
            "method.type",
            "invalid_value",
            "Invalid 'method.type': expected 'supervised', 'dpo' or 'reinforcement', got '"
                + method
                + "'.");
      }
      ObjectNode inner = Json.objectField(m, method, "method." + method);
      if (method.equals("reinforcement")) {
        grader =
            inner == null ? null : Json.objectField(inner, "grader", "method.reinforcement.grader");
        if (grader == null) {
          throw ApiError.missing("method.reinforcement.grader");
        }
        graderNames(grader, "method.reinforcement.grader");
      }
      ObjectNode h =
          inner == null
              ? null
              : Json.objectField(inner, "hyperparameters", "method." + method + ".hyperparameters");
      if (h != null) {
        if (hyper != null) {
          throw ApiError.badRequest(
              "hyperparameters",
              "invalid_value",
              "Give hyperparameters either at the top level or in 'method', not both.");
        }
        hyper = h;
        hyperParam = "method." + method + ".hyperparameters";
      }
    }
    Object epochs = "auto";
    Object batch = "auto";
    Object lr = "auto";
    Object beta = "auto";
    Object compute = "auto";
    Object evalInterval = "auto";
    Object evalSamples = "auto";
    String effort = "default";
    if (hyper != null) {
      epochs = number(hyper, "n_epochs", hyperParam, true, 1, 50);
      batch = number(hyper, "batch_size", hyperParam, true, 1, 256);
      lr = number(hyper, "learning_rate_multiplier", hyperParam, false, 1e-6, 10);
      if (method.equals("dpo")) {
        beta = number(hyper, "beta", hyperParam, false, 1e-6, 2);
      }
      if (method.equals("reinforcement")) {
        compute = number(hyper, "compute_multiplier", hyperParam, false, 1e-5, 10);
        evalInterval = number(hyper, "eval_interval", hyperParam, true, 1, 10_000);
        evalSamples = number(hyper, "eval_samples", hyperParam, true, 1, 1000);
        String e = Json.string(hyper, "reasoning_effort", hyperParam + ".reasoning_effort");
        if (e != null && !EFFORTS.contains(e)) {
          throw ApiError.badRequest(
              hyperParam + ".reasoning_effort",
              "invalid_value",
              "Invalid '"
                  + hyperParam
                  + ".reasoning_effort': expected 'default', 'low', 'medium' or 'high', got '"
                  + e
                  + "'.");
        }
        effort = e == null ? "default" : e;
      }
    }
    return new JobRequest(
        model,
        baseModel,
        parent,
        training,
        validation,
        suffix,
        seed,
        metadata,
        method,
        epochs,
        batch,
        lr,
        beta,
        compute,
        evalInterval,
        evalSamples,
        effort,
        grader);
  }

  /**
   * The names of a grader's parts: its own {@code name}, or for a {@code multi} grader the name of
   * each sub-grader in {@code graders} (one grader object, or an object of named graders).
   */
  static List<String> graderNames(JsonNode grader, String param) {
    String type = Json.requiredString(grader, "type", param + ".type");
    if (!GRADER_TYPES.contains(type)) {
      throw ApiError.badRequest(
          param + ".type",
          "invalid_value",
          "Invalid '"
              + param
              + ".type': expected one of label_model, multi, python, score_model, string_check,"
              + " text_similarity, got '"
              + type
              + "'.");
    }
    String name = Json.requiredString(grader, "name", param + ".name");
    if (!type.equals("multi")) {
      return List.of(name);
    }
    ObjectNode subs = Json.objectField(grader, "graders", param + ".graders");
    if (subs == null) {
      throw ApiError.missing(param + ".graders");
    }
    if (subs.has("type")) {
      return graderNames(subs, param + ".graders");
    }
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : subs.properties()) {
      if (!e.getValue().isObject()) {
        throw Json.typeError(param + ".graders." + e.getKey(), e.getValue(), "an object");
      }
      out.addAll(graderNames(e.getValue(), param + ".graders." + e.getKey()));
    }
    if (out.isEmpty()) {
      throw ApiError.badRequest(
          param + ".graders", "invalid_value", "Invalid '" + param + ".graders': no grader.");
    }
    return out;
  }

  private static void checkFile(SandboxState state, String id, String param) {
    SandboxState.FileEntry f = state.files.get(id);
    if (f == null) {
      throw ApiError.badRequest(
          param,
          "file_not_found",
          "Invalid file ID '" + id + "' for '" + param + "': no such file.");
    }
    if (!f.purpose.equals("fine-tune")) {
      throw ApiError.badRequest(
          param,
          "invalid_file_purpose",
          "File "
              + id
              + " has purpose '"
              + f.purpose
              + "'; '"
              + param
              + "' needs a file with purpose 'fine-tune'.");
    }
  }

  private static TreeMap<String, String> metadata(ObjectNode body) {
    ObjectNode md = Json.objectField(body, "metadata", "metadata");
    if (md == null) {
      return null;
    }
    if (md.size() > 16) {
      throw ApiError.badRequest(
          "metadata", "invalid_value", "Invalid 'metadata': at most 16 keys are allowed.");
    }
    TreeMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : md.properties()) {
      if (!e.getValue().isTextual()
          || e.getKey().length() > 64
          || e.getValue().asText().length() > 512) {
        throw ApiError.badRequest(
            "metadata." + e.getKey(),
            "invalid_value",
            "Invalid 'metadata."
                + e.getKey()
                + "': keys up to 64 characters, string values up to 512.");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  /** "auto" (also when absent) or a number in [min, max]; integers only when {@code integral}. */
  private static Object number(
      ObjectNode h, String field, String prefix, boolean integral, double min, double max) {
    String param = prefix + "." + field;
    JsonNode v = h.get(field);
    if (v == null || v.isNull() || (v.isTextual() && v.asText().equals("auto"))) {
      return "auto";
    }
    boolean ok =
        v.isNumber()
            && (!integral || v.isIntegralNumber())
            && v.asDouble() >= min
            && v.asDouble() <= max;
    if (!ok) {
      throw ApiError.badRequest(
          param,
          "invalid_value",
          "Invalid '"
              + param
              + "': expected 'auto' or "
              + (integral ? "an integer" : "a number")
              + " between "
              + fmt(min)
              + " and "
              + fmt(max)
              + ", got "
              + v
              + ".");
    }
    return integral ? (Object) v.asInt() : (Object) v.asDouble();
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
