package dev.openaift.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.io.Json;
import dev.openaift.io.JsonErrors;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one mapping between {@code generate}'s files and JSON: written with sorted keys (objects the
 * API sent are converted so their keys are sorted too); read strictly where an entry is identified
 * ({@code topic_index}, {@code topic}, {@code request_sha256}, {@code response}), unknown keys
 * ignored.
 */
public final class GenerateJson {
  static final JsonMapper JSON = Json.mapper();

  private GenerateJson() {}

  /** One line of {@code chat_completions.jsonl}, without its line break. */
  public static String answerLine(GeneratedAnswer a) {
    ObjectNode n = JSON.createObjectNode();
    n.put("topic_index", a.topicIndex());
    n.put("topic", a.topic());
    n.put("request_sha256", a.requestSha256());
    n.put("recorded_at", a.recordedAt());
    n.put("latency_ms", a.latencyMs());
    n.set("response", a.response());
    return compact(n);
  }

  /** Parses one line; {@link IllegalArgumentException} saying what is wrong. */
  public static GeneratedAnswer parseAnswer(String line) {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(JsonErrors.describe(e), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode index = n.get("topic_index");
    if (index == null || !index.canConvertToInt() || index.asInt() < 0) {
      throw new IllegalArgumentException("no \"topic_index\"");
    }
    for (String field : new String[] {"topic", "request_sha256"}) {
      if (!n.path(field).isTextual()) {
        throw new IllegalArgumentException("no \"" + field + "\"");
      }
    }
    if (!n.path("response").isObject()) {
      throw new IllegalArgumentException("no \"response\" object");
    }
    return new GeneratedAnswer(
        index.asInt(),
        n.get("topic").asText(),
        n.get("request_sha256").asText(),
        n.path("recorded_at").asText(null),
        n.path("latency_ms").asLong(0),
        n.get("response"));
  }

  /** Compact JSON with sorted keys. */
  public static String compact(JsonNode node) {
    try {
      return JSON.writeValueAsString(JSON.treeToValue(node, Object.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Indented JSON with sorted keys and a final line break. */
  public static byte[] pretty(JsonNode node) {
    try {
      return (Json.pretty().writeValueAsString(JSON.treeToValue(node, Object.class)) + "\n")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
