package dev.openaift.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.function.Predicate;

/** Reading request bodies and typed fields, with OpenAI's 400 answers when they are wrong. */
final class Json {
  private Json() {}

  static ObjectNode object(byte[] body) {
    JsonNode n;
    try {
      n = body.length == 0 ? null : Wire.MAPPER.readTree(body);
    } catch (IOException e) {
      n = null;
    }
    if (n == null || !n.isObject()) {
      throw ApiError.badRequest(
          null,
          null,
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't"
              + " using your HTTP library correctly. The OpenAI API expects a JSON payload, but"
              + " what was sent was not valid JSON.)");
    }
    return (ObjectNode) n;
  }

  /** The string at {@code field}, or null when absent or null; any other type is a 400. */
  static String string(JsonNode obj, String field, String param) {
    JsonNode v = typed(obj, field, param, JsonNode::isTextual, "a string");
    return v == null ? null : v.asText();
  }

  static String requiredString(JsonNode obj, String field, String param) {
    String s = string(obj, field, param);
    if (s == null) {
      throw ApiError.missing(param);
    }
    return s;
  }

  /** The object at {@code field}, or null when absent or null; any other type is a 400. */
  static ObjectNode objectField(JsonNode obj, String field, String param) {
    return (ObjectNode) typed(obj, field, param, JsonNode::isObject, "an object");
  }

  /**
   * The value at {@code field} when {@code is} holds for it, null when it is absent or null, else a
   * 400 saying that {@code param} should be {@code expected}.
   */
  private static JsonNode typed(
      JsonNode obj, String field, String param, Predicate<JsonNode> is, String expected) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!is.test(v)) {
      throw typeError(param, v, expected);
    }
    return v;
  }

  static ApiError typeError(String param, JsonNode v, String expected) {
    return ApiError.badRequest(
        param,
        "invalid_type",
        "Invalid type for '"
            + param
            + "': expected "
            + expected
            + ", but got "
            + describe(v)
            + " instead.");
  }

  private static String describe(JsonNode v) {
    if (v.isTextual()) {
      return "a string";
    }
    if (v.isNumber()) {
      return "a number";
    }
    if (v.isBoolean()) {
      return "a boolean";
    }
    if (v.isArray()) {
      return "an array";
    }
    return v.isObject() ? "an object" : "null";
  }
}
