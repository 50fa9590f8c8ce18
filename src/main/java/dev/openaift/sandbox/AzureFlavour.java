package dev.openaift.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Azure OpenAI way of reaching the same endpoints ({@code openai-ft sandbox --azure}):
 *
 * <ul>
 *   <li>the key in an {@code api-key} header; anything else answers 401 with Azure's message;
 *   <li>paths under {@code /openai/} ({@code /openai/files}, {@code /openai/fine_tuning/jobs}, ...)
 *       with a required {@code api-version} query parameter: missing, 404 {@code Resource not
 *       found}; not one of {@link #API_VERSIONS}, 400 {@code API version not supported}; the newer
 *       {@code /openai/v1/...} paths take none;
 *   <li>chat only through a deployment: {@code POST /openai/deployments/NAME/chat/completions} (or,
 *       on {@code /openai/v1}, the deployment name as {@code model}); an unknown name answers 404
 *       {@code DeploymentNotFound}. Every base model is deployed under its own id; a fine-tuned
 *       model is deployed with {@code PUT /openai/deployments/NAME} and body {@code {"model":
 *       "ft:..."}} (a sandbox stand-in for Azure's control plane; names hold letters, digits,
 *       {@code . _ -}, never {@code :}), or with {@link Sandbox#deploy}; {@code GET
 *       /openai/deployments[/NAME]} lists them and {@code DELETE /openai/deployments/NAME} removes
 *       one;
 *   <li>a new job's training tier, {@code trainingType} ({@code standard}, {@code globalstandard},
 *       {@code developerTier}; case ignored): another value answers 400 naming it; none answers
 *       Azure's misleading 400 {@code invalidPayload} about the model when {@link
 *       PlatformRules#azureTrainingTypeRequired()} is set;
 *   <li>errors in Azure's shape {@code {"error": {"code", "message"}}} (plus {@code param} when
 *       there is one).
 * </ul>
 */
final class AzureFlavour {
  /**
   * The api-versions the sandbox serves: Azure's GA and preview data-plane versions with
   * fine-tuning.
   */
  static final Set<String> API_VERSIONS =
      Set.of(
          "2023-12-01-preview",
          "2024-02-01",
          "2024-02-15-preview",
          "2024-03-01-preview",
          "2024-04-01-preview",
          "2024-05-01-preview",
          "2024-06-01",
          "2024-07-01-preview",
          "2024-08-01-preview",
          "2024-09-01-preview",
          "2024-10-01-preview",
          "2024-10-21",
          "2024-12-01-preview",
          "2025-01-01-preview",
          "2025-02-01-preview",
          "2025-03-01-preview",
          "2025-04-01-preview");

  static final String BAD_KEY_MESSAGE =
      "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a"
          + " valid key for an active subscription and use a correct regional API endpoint for your"
          + " resource.";

  private static final Pattern DEPLOYMENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,63}");

  private final SandboxConfig config;
  private final Store store;
  private final Endpoints endpoints;

  AzureFlavour(SandboxConfig config, Store store, Endpoints endpoints) {
    this.config = config;
    this.store = store;
    this.endpoints = endpoints;
  }

  /** Whether the {@code api-key} header holds the key (compared in constant time). */
  boolean authorized(String apiKeyHeader) {
    return apiKeyHeader != null
        && MessageDigest.isEqual(
            apiKeyHeader.strip().getBytes(StandardCharsets.UTF_8),
            config.apiKey().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Answers one authenticated request; {@code segments} are the decoded path segments after the
   * host.
   */
  ApiResponse handle(
      String method,
      List<String> segments,
      Map<String, String> query,
      String contentType,
      byte[] body) {
    if (segments.isEmpty() || !segments.get(0).equals("openai")) {
      throw resourceNotFound();
    }
    List<String> rest = new ArrayList<>(segments.subList(1, segments.size()));
    Map<String, String> q = new TreeMap<>(query);
    String version = q.remove("api-version");
    boolean v1 = !rest.isEmpty() && rest.get(0).equals("v1");
    if (v1) {
      rest.remove(0);
    } else if (version == null || version.isBlank()) {
      throw resourceNotFound();
    } else if (!API_VERSIONS.contains(version)) {
      throw new ApiError(400, null, null, "BadRequest", "API version not supported");
    }
    if (!rest.isEmpty() && rest.get(0).equals("deployments")) {
      return deployments(method, rest, contentType, body, q);
    }
    if (v1 && rest.equals(List.of("chat", "completions")) && method.equals("POST")) {
      return chatThrough(
          Json.requiredString(Json.object(body), "model", "model"), q, contentType, body);
    }
    if (rest.equals(List.of("chat", "completions"))) {
      // Azure has no model-addressed chat outside /openai/v1: only deployments answer
      throw resourceNotFound();
    }
    if (method.equals("POST") && rest.equals(List.of("fine_tuning", "jobs"))) {
      checkTrainingType(Json.object(body));
    }
    return forward(method, rest, q, contentType, body);
  }

  /**
   * The training tiers Azure's REST API takes as {@code trainingType} (lower-cased; Azure's own
   * examples write {@code globalstandard} and {@code developerTier}).
   */
  static final Set<String> TRAINING_TYPES = Set.of("standard", "globalstandard", "developertier");

  /**
   * A job's training tier: one of {@link #TRAINING_TYPES} (case ignored); when the platform
   * requires one and none is given, the answer Azure has given then, which blames the model.
   */
  private void checkTrainingType(ObjectNode body) {
    JsonNode tier = body.get("trainingType");
    if (tier == null || tier.isNull()) {
      if (config.platform().azureTrainingTypeRequired()) {
        throw new ApiError(
            400,
            null,
            null,
            "invalidPayload",
            "The specified base model does not support fine-tuning.");
      }
      return;
    }
    if (!tier.isTextual() || !TRAINING_TYPES.contains(tier.asText().toLowerCase(Locale.ROOT))) {
      throw ApiError.badRequest(
          "trainingType",
          "invalidPayload",
          "Invalid value for 'trainingType': expected Standard, GlobalStandard or DeveloperTier,"
              + " got "
              + tier
              + ".");
    }
  }

  private ApiResponse deployments(
      String method, List<String> p, String contentType, byte[] body, Map<String, String> q) {
    int n = p.size();
    if (n == 1 && method.equals("GET")) {
      synchronized (store.lock) {
        ObjectNode list = Wire.MAPPER.createObjectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        for (Map.Entry<String, String> d : all().entrySet()) {
          data.add(deployment(d.getKey(), d.getValue()));
        }
        return ApiResponse.ok(list);
      }
    }
    if (n == 2) {
      String name = p.get(1);
      synchronized (store.lock) {
        switch (method) {
          case "GET":
            return ApiResponse.ok(deployment(name, deployedModel(name)));
          case "PUT":
            String model = Json.requiredString(Json.object(body), "model", "model");
            deployLocked(name, model);
            return ApiResponse.json(201, deployment(name, model));
          case "DELETE":
            if (store.state.deployments.remove(name) == null) {
              throw deploymentNotFound();
            }
            store.changed(true);
            return new ApiResponse(204, "application/json", new byte[0]);
          default:
            break;
        }
      }
    }
    if (n == 4
        && p.get(2).equals("chat")
        && p.get(3).equals("completions")
        && method.equals("POST")) {
      return chatThrough(p.get(1), q, contentType, body);
    }
    throw resourceNotFound();
  }

  /** Deploys {@code model} (a base or fine-tuned model the sandbox knows) under {@code name}. */
  void deploy(String name, String model) {
    synchronized (store.lock) {
      deployLocked(name, model);
    }
  }

  private void deployLocked(String name, String model) {
    if (!DEPLOYMENT_NAME.matcher(name).matches()) {
      throw ApiError.badRequest(
          "name",
          "InvalidDeploymentName",
          "The deployment name '"
              + name
              + "' is invalid: use 2 to 64 letters, digits, '.', '_' or '-', starting with a letter"
              + " or digit (no ':').");
    }
    if (BaseModels.find(model).isEmpty() && !store.state.models.containsKey(model)) {
      throw ApiError.badRequest(
          "model",
          "DeploymentModelNotFound",
          "The model '" + model + "' cannot be deployed: it does not exist.");
    }
    store.state.deployments.put(name, model);
    store.changed(true);
  }

  private ApiResponse chatThrough(
      String deploymentName, Map<String, String> q, String contentType, byte[] body) {
    String model;
    synchronized (store.lock) {
      model = deployedModel(deploymentName);
    }
    ObjectNode request = Json.object(body);
    request.put("model", model);
    try {
      byte[] rewritten = Wire.MAPPER.writeValueAsBytes(request);
      return forward("POST", List.of("chat", "completions"), q, contentType, rewritten);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a request", e);
    }
  }

  private ApiResponse forward(
      String method, List<String> path, Map<String, String> q, String contentType, byte[] body) {
    try {
      return endpoints.handle(new ApiRequest(method, path, q, contentType, body));
    } catch (ApiError e) {
      if (e.status == 404 && e.getMessage() != null && e.getMessage().startsWith("Invalid URL")) {
        throw resourceNotFound();
      }
      throw e;
    }
  }

  /** Called with the lock held: the model behind a deployment, or 404 DeploymentNotFound. */
  private String deployedModel(String name) {
    String model = all().get(name);
    if (model == null) {
      throw deploymentNotFound();
    }
    return model;
  }

  /** Base models under their own id, then the deployments made, by name. */
  private Map<String, String> all() {
    Map<String, String> out = new TreeMap<>();
    for (BaseModels.BaseModel m : BaseModels.ALL) {
      out.put(m.id(), m.id());
    }
    out.putAll(store.state.deployments);
    return out;
  }

  private static ObjectNode deployment(String name, String model) {
    ObjectNode d = Wire.MAPPER.createObjectNode();
    d.put("id", name);
    d.put("object", "deployment");
    d.put("model", model);
    d.put("status", "succeeded");
    return d;
  }

  static ApiError resourceNotFound() {
    return new ApiError(404, null, null, "404", "Resource not found");
  }

  private static ApiError deploymentNotFound() {
    return new ApiError(
        404,
        null,
        null,
        "DeploymentNotFound",
        "The API deployment for this resource does not exist. If you created the deployment within"
            + " the last 5 minutes, please wait a moment and try again.");
  }

  /**
   * Azure's error body: {@code {"error": {"code", "message"}}}, with {@code param} when there is
   * one.
   */
  static ObjectNode error(ApiError e) {
    ObjectNode n = Wire.MAPPER.createObjectNode();
    ObjectNode err = n.putObject("error");
    err.put("code", e.code != null ? e.code : String.valueOf(e.status));
    err.put("message", e.getMessage());
    if (e.param != null) {
      err.put("param", e.param);
    }
    return n;
  }
}
