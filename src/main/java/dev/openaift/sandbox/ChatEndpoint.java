package dev.openaift.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.models.ModelCatalog;
import dev.openaift.models.TokenCounter;

/**
 * {@code POST /v1/chat/completions}, non-streaming, deterministic (see {@link ChatResponder}, which
 * also says how base, fine-tuned, checkpoint and replacement models differ). Every answer carries
 * {@code usage}, a {@code system_fingerprint} per answering model and a simulated processing time
 * in the {@code openai-processing-ms} header; the answer really waits that time multiplied by the
 * latency scale ({@link Sandbox#setChatLatencyScale}, default 0.01), outside the store's lock.
 * Accepts base models (and their aliases), fine-tuned models and their checkpoints, until their
 * base model's shutdown date (sandbox clock, UTC): from that day on they answer 404 {@code
 * model_not_found}. The question is the last user message. {@code n} gives that many identical
 * choices; {@code max_completion_tokens} (or the older {@code max_tokens}) cuts the answer by words
 * with finish reason {@code length}. A request that forces a function ({@code tools} with {@code
 * tool_choice}) is answered with a {@code tool_calls} message instead (see {@link ToolCalls}); its
 * finish reason is {@code stop} when {@code tool_choice} names the function and {@code tool_calls}
 * for {@code "required"}, like the service. Called with the store's lock held.
 */
final class ChatEndpoint {
  /** The built-in model table: which tokenizer each model uses. */
  private static final ModelCatalog MODELS = ModelCatalog.builtIn();

  private final Store store;
  private final ChatResponder responder = new ChatResponder();

  ChatEndpoint(Store store) {
    this.store = store;
  }

  ApiResponse complete(ObjectNode body) {
    String model = Json.requiredString(body, "model", "model");
    JsonNode messages = body.get("messages");
    if (messages == null || messages.isNull()) {
      throw ApiError.missing("messages");
    }
    if (!messages.isArray() || messages.isEmpty()) {
      throw ApiError.badRequest(
          "messages",
          "invalid_value",
          "Invalid 'messages': expected a non-empty array of messages.");
    }
    if (body.has("stream") && body.get("stream").asBoolean(false)) {
      throw ApiError.badRequest(
          "stream", "unsupported_value", "The sandbox does not support streaming; omit 'stream'.");
    }
    String prompt = "";
    for (int i = 0; i < messages.size(); i++) {
      JsonNode msg = messages.get(i);
      String role = msg == null ? null : Json.string(msg, "role", "messages[" + i + "].role");
      if (role == null) {
        throw ApiError.missing("messages[" + i + "].role");
      }
      String text = text(msg.get("content"));
      if (role.equals("user")) {
        prompt = text;
      }
    }
    int n = intParam(body, "n", 1, 128, 1);
    Integer maxTokens = null;
    for (String field : new String[] {"max_tokens", "max_completion_tokens"}) {
      if (body.hasNonNull(field)) {
        maxTokens = intParam(body, field, 1, 1_000_000, 0);
      }
    }

    ToolCalls.Call call =
        ToolCalls.decide(body, prompt, store.config.faultRate(), store.config.seed());
    long promptTokens = promptTokens(model, body);
    var base = BaseModels.find(model);
    if (base.isPresent() || store.state.models.containsKey(model) || isCheckpoint(model)) {
      var date = BaseModels.shutdownDate(model, store.config.platform());
      if (BaseModels.isShutDown(model, store.config.platform(), store.nowMs())) {
        throw new ApiError(
            404,
            "invalid_request_error",
            "model",
            "model_not_found",
            "The model `"
                + model
                + "` was shut down on "
                + date.orElseThrow()
                + " and no longer answers.");
      }
    }
    ChatResponder.Question question =
        new ChatResponder.Question(prompt, longParam(body, "seed"), temperature(body));
    ChatResponder.Answer given = answer(model, question);
    String answer = given.text();
    String answeredBy = given.answeredBy();
    String finish = "stop";
    if (call != null) {
      answer = call.arguments();
      finish = call.named() ? "stop" : "tool_calls";
    }
    if (maxTokens != null && Tokens.count(answer) > maxTokens) {
      answer = truncate(answer, maxTokens);
      finish = "length";
    }
    long completionTokens = Tokens.count(answer);

    ObjectNode out = Wire.MAPPER.createObjectNode();
    out.put("id", store.newId("chatcmpl-", 29));
    out.put("object", "chat.completion");
    out.put("created", store.nowMs() / 1000);
    out.put("model", answeredBy);
    ArrayNode choices = out.putArray("choices");
    for (int i = 0; i < n; i++) {
      ObjectNode c = choices.addObject();
      c.put("index", i);
      ObjectNode m = c.putObject("message");
      m.put("role", "assistant");
      if (call == null) {
        m.put("content", answer);
      } else {
        m.putNull("content");
      }
      m.putNull("refusal");
      m.putArray("annotations");
      if (call != null) {
        ObjectNode tc = m.putArray("tool_calls").addObject();
        tc.put("id", "call_" + Long.toHexString(ToolCalls.hash(out.get("id").asText() + i)) + i);
        tc.put("type", "function");
        ObjectNode f = tc.putObject("function");
        f.put("name", call.name());
        f.put("arguments", answer);
      }
      c.putNull("logprobs");
      c.put("finish_reason", finish);
    }
    ObjectNode usage = out.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens * n);
    usage.put("total_tokens", promptTokens + completionTokens * n);
    ObjectNode pd = usage.putObject("prompt_tokens_details");
    pd.put("cached_tokens", 0);
    pd.put("audio_tokens", 0);
    ObjectNode cd = usage.putObject("completion_tokens_details");
    cd.put("reasoning_tokens", 0);
    cd.put("audio_tokens", 0);
    cd.put("accepted_prediction_tokens", 0);
    cd.put("rejected_prediction_tokens", 0);
    out.put("service_tier", "default");
    store.chatCompletions++;
    out.put("system_fingerprint", fingerprint(answeredBy));
    long latency = simulatedLatencyMs(model, question, promptTokens, completionTokens * n);
    return ApiResponse.ok(out)
        .withHeader("openai-processing-ms", Long.toString(latency))
        .withDelayMs(Math.round(latency * store.chat.latencyScale()));
  }

  /**
   * Who answers {@code model}: a base model, a replacement model, a fine-tuned model or a
   * checkpoint.
   */
  private ChatResponder.Answer answer(String model, ChatResponder.Question question) {
    var base = BaseModels.find(model);
    if (base.isPresent()) {
      return responder.base(store, base.get().id(), question);
    }
    Double quality = store.chat.replacement(model);
    if (quality != null) {
      return responder.replacement(store, model, quality, question);
    }
    SandboxState.ModelEntry m = store.state.models.get(model);
    if (m != null) {
      SandboxState.JobEntry j = store.state.jobs.get(m.jobId);
      if (j != null) {
        return responder.fineTuned(store, j, model, 1.0, question);
      }
    }
    for (SandboxState.JobEntry j : store.state.jobs.values()) {
      for (SandboxState.CheckpointEntry c : j.checkpoints) {
        if (c.model.equals(model)) {
          int total = j.plan == null ? 0 : j.plan.totalSteps();
          double fraction = total <= 0 ? 1.0 : Math.min(1.0, (double) c.step / total);
          return responder.fineTuned(store, j, model, fraction, question);
        }
      }
    }
    throw new ApiError(
        404,
        "invalid_request_error",
        "model",
        "model_not_found",
        "The model `" + model + "` does not exist or you do not have access to it.");
  }

  /**
   * {@code usage.prompt_tokens}: the request as the clients count it before sending ({@link
   * TokenCounter#request}, the model's real tokenizer; tools and {@code tool_choice} as their JSON
   * text), so that an estimate such as {@code generate}'s plan can be checked against a run. The
   * answers are the sandbox's own text and keep the approximate {@link Tokens}, which also cuts
   * them at {@code max_completion_tokens}. Counters are made per request: they are not for sharing
   * between threads, and the tokenizer's tables are loaded once for the process.
   */
  static long promptTokens(String model, JsonNode body) {
    return new TokenCounter(MODELS.resolve(model).encoding()).request(body);
  }

  /**
   * The time a real service might take (reported in {@code openai-processing-ms}): 120 ms, plus
   * 0.05 ms per prompt token and 12 ms per generated token, plus up to 80 ms of jitter fixed by the
   * request.
   */
  static long simulatedLatencyMs(
      String model, ChatResponder.Question q, long promptTokens, long completionTokens) {
    long jitter = (long) (ChatResponder.draw(model, q, "latency") * 80);
    return 120 + Math.round(promptTokens * 0.05) + 12 * completionTokens + jitter;
  }

  /** A fingerprint per answering model, stable across runs: {@code fp_} and 10 hex digits. */
  static String fingerprint(String answeredBy) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(answeredBy.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return String.format(java.util.Locale.ROOT, "fp_%010x", crc.getValue());
  }

  private static Double temperature(ObjectNode body) {
    JsonNode v = body.get("temperature");
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 2) {
      throw ApiError.badRequest(
          "temperature",
          "invalid_value",
          "Invalid 'temperature': expected a number between 0 and 2.");
    }
    return v.asDouble();
  }

  private static Long longParam(ObjectNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber()) {
      throw ApiError.badRequest(
          field, "invalid_value", "Invalid '" + field + "': expected an integer.");
    }
    return v.asLong();
  }

  private boolean isCheckpoint(String model) {
    for (SandboxState.JobEntry j : store.state.jobs.values()) {
      for (SandboxState.CheckpointEntry c : j.checkpoints) {
        if (c.model.equals(model)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String text(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder sb = new StringBuilder();
    if (content.isArray()) {
      for (JsonNode part : content) {
        JsonNode t = part.get("text");
        if (t != null && t.isTextual()) {
          sb.append(t.asText());
        }
      }
    }
    return sb.toString();
  }

  private static int intParam(ObjectNode body, String field, int min, int max, int dflt) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
      throw ApiError.badRequest(
          field,
          "invalid_value",
          "Invalid '" + field + "': expected an integer between " + min + " and " + max + ".");
    }
    return v.asInt();
  }

  private static String truncate(String answer, int maxTokens) {
    String[] words = answer.split(" ");
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      String next = sb.length() == 0 ? w : sb + " " + w;
      if (Tokens.count(next) > maxTokens) {
        break;
      }
      sb.setLength(0);
      sb.append(next);
    }
    return sb.toString();
  }
}
