package dev.openaift.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.api.ApiException;
import dev.openaift.api.ChatMessage;
import dev.openaift.api.ChatRequest;
import dev.openaift.api.Endpoint;
import dev.openaift.api.Provider;
import dev.openaift.io.Json;
import dev.openaift.io.JsonErrors;
import dev.openaift.io.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one mapping between recordings and JSON. Writing: sorted keys, absent values as {@code null},
 * times as ISO-8601 UTC ({@code 2026-11-29T10:15:30.123Z}). Reading is strict about what identifies
 * an answer ({@code index}, {@code prompt_sha256}, {@code request.model}, {@code request.messages},
 * {@code answer}, {@code recorded_at}) and lenient about the rest (a missing usage figure is null);
 * unknown keys are ignored so later versions can add some.
 */
public final class RecordingJson {
  static final ObjectMapper JSON = Json.mapper();

  private RecordingJson() {}

  /**
   * Hex SHA-256 of the prompt's canonical JSON: a list of {@code {"content", "name", "role"}}
   * objects (keys sorted, a missing name as null, no spaces), in UTF-8.
   */
  public static String promptHash(List<ChatMessage> prompt) {
    return Sha256.hex(write(messages(prompt)).getBytes(StandardCharsets.UTF_8));
  }

  /** One line of {@code answers.jsonl}, without its line break. */
  public static String answerLine(RecordedAnswer a) {
    Map<String, Object> usage = new TreeMap<>();
    usage.put("prompt_tokens", a.promptTokens());
    usage.put("completion_tokens", a.completionTokens());
    usage.put("total_tokens", a.totalTokens());
    Map<String, Object> m = new TreeMap<>();
    m.put("index", a.index());
    m.put("line", a.line());
    m.put("prompt_sha256", a.promptHash());
    m.put("request", request(a.request()));
    m.put("answer", a.answer());
    m.put("finish_reason", a.finishReason());
    m.put("usage", usage);
    m.put("latency_ms", a.latencyMs());
    m.put("system_fingerprint", a.systemFingerprint());
    m.put("response_id", a.responseId());
    m.put("answered_by", a.answeredBy());
    m.put("recorded_at", a.recordedAt().toString());
    return write(m);
  }

  /**
   * Parses one line of {@code answers.jsonl}.
   *
   * @throws IllegalArgumentException saying what is wrong when the line is not a recorded answer
   */
  public static RecordedAnswer parseAnswer(String line) {
    JsonNode n = tree(line);
    JsonNode index = n.get("index");
    if (index == null
        || !index.canConvertToInt()
        || !index.isIntegralNumber()
        || index.intValue() < 0) {
      throw new IllegalArgumentException("no \"index\" (a whole number >= 0)");
    }
    JsonNode usage = n.path("usage");
    return new RecordedAnswer(
        index.intValue(),
        n.path("line").asLong(0),
        requiredText(n, "prompt_sha256"),
        parseRequest(n.get("request")),
        requiredText(n, "answer"),
        Json.text(n, "finish_reason"),
        Json.wholeNumber(usage, "prompt_tokens"),
        Json.wholeNumber(usage, "completion_tokens"),
        Json.wholeNumber(usage, "total_tokens"),
        n.path("latency_ms").asLong(0),
        Json.text(n, "system_fingerprint"),
        Json.text(n, "response_id"),
        Json.text(n, "answered_by"),
        instant(n, "recorded_at"));
  }

  /** {@code header.json}'s content (pretty-printed, sorted keys, final line break). */
  public static byte[] headerBytes(RecordingHeader h) {
    Map<String, Object> m = new TreeMap<>();
    m.put("format", RecordingHeader.FORMAT);
    m.put("version", RecordingHeader.VERSION);
    m.put("model", h.model());
    m.put("data_sha256", h.dataSha256());
    m.put("data_file", h.dataFile());
    m.put("examples", h.examples());
    m.put("temperature", h.temperature());
    m.put("seed", h.seed());
    m.put("max_completion_tokens", h.maxTokens());
    m.put("created_at", h.createdAt().toString());
    Map<String, Object> where = new TreeMap<>();
    where.put("provider", h.endpoint().provider().id());
    where.put("base_url", h.endpoint().baseUrl());
    where.put("host", h.endpoint().host());
    where.put("api_version", h.endpoint().apiVersion());
    where.put("deployment", h.endpoint().deployment(h.model()));
    m.put("endpoint", where);
    try {
      return (Json.pretty().writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses {@code header.json}.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static RecordingHeader parseHeader(byte[] content) {
    JsonNode n = tree(new String(content, StandardCharsets.UTF_8));
    if (!RecordingHeader.FORMAT.equals(n.path("format").asText())) {
      throw new IllegalArgumentException(
          "not a recording header (\"format\" is not \"" + RecordingHeader.FORMAT + "\")");
    }
    int version = n.path("version").asInt(-1);
    if (version != RecordingHeader.VERSION && version != RecordingHeader.VERSION_WITHOUT_ENDPOINT) {
      throw new IllegalArgumentException(
          "recording version "
              + n.path("version")
              + " is not supported (this openai-ft reads "
              + RecordingHeader.VERSION
              + ")");
    }
    JsonNode temperature = n.get("temperature");
    JsonNode seed = n.get("seed");
    JsonNode maxTokens = n.get("max_completion_tokens");
    return new RecordingHeader(
        requiredText(n, "model"),
        requiredText(n, "data_sha256"),
        Json.text(n, "data_file"),
        n.path("examples").asInt(0),
        temperature == null || temperature.isNull() ? null : temperature.doubleValue(),
        seed == null || seed.isNull() ? null : seed.longValue(),
        maxTokens == null || maxTokens.isNull() ? null : maxTokens.intValue(),
        instant(n, "created_at"),
        version == RecordingHeader.VERSION_WITHOUT_ENDPOINT
            ? Endpoint.OPENAI
            : endpoint(n.get("endpoint")));
  }

  private static Endpoint endpoint(JsonNode e) {
    if (e == null || !e.isObject()) {
      throw new IllegalArgumentException("no \"endpoint\" object");
    }
    Provider provider;
    try {
      provider = Provider.parse(requiredText(e, "provider"));
    } catch (ApiException unknown) {
      throw new IllegalArgumentException("\"endpoint.provider\" is not openai or azure", unknown);
    }
    try {
      return new Endpoint(provider, requiredText(e, "base_url"), Json.text(e, "api_version"));
    } catch (IllegalArgumentException bad) {
      throw new IllegalArgumentException("\"endpoint.base_url\" is not an address", bad);
    }
  }

  private static Map<String, Object> request(ChatRequest r) {
    Map<String, Object> m = new TreeMap<>();
    m.put("model", r.model());
    m.put("messages", messages(r.messages()));
    m.put("temperature", r.temperature());
    m.put("seed", r.seed());
    m.put("max_completion_tokens", r.maxTokens());
    return m;
  }

  private static List<Map<String, Object>> messages(List<ChatMessage> messages) {
    List<Map<String, Object>> out = new ArrayList<>(messages.size());
    for (ChatMessage msg : messages) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("content", msg.content());
      m.put("name", msg.name());
      m.put("role", msg.role());
      out.add(m);
    }
    return out;
  }

  private static ChatRequest parseRequest(JsonNode r) {
    if (r == null || !r.isObject()) {
      throw new IllegalArgumentException("no \"request\" object");
    }
    JsonNode list = r.get("messages");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException("no \"request.messages\" list");
    }
    List<ChatMessage> messages = new ArrayList<>();
    for (JsonNode m : list) {
      messages.add(
          new ChatMessage(
              requiredText(m, "role"), requiredText(m, "content"), Json.text(m, "name")));
    }
    JsonNode t = r.get("temperature");
    JsonNode s = r.get("seed");
    JsonNode x = r.get("max_completion_tokens");
    return new ChatRequest(
        requiredText(r, "model"),
        messages,
        t == null || t.isNull() ? null : t.doubleValue(),
        s == null || s.isNull() ? null : s.longValue(),
        x == null || x.isNull() ? null : x.intValue());
  }

  private static JsonNode tree(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(JsonErrors.describe(e), e);
    }
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String requiredText(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("no \"" + field + "\" text");
    }
    return v.asText();
  }

  private static Instant instant(JsonNode n, String field) {
    try {
      return Instant.parse(requiredText(n, field));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("\"" + field + "\" is not an ISO-8601 time");
    }
  }
}
