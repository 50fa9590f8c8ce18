package dev.openaift.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A status, a content type and the body bytes; optionally extra headers and a real wait before the
 * answer is sent (taken outside the store's lock).
 */
record ApiResponse(
    int status,
    String contentType,
    byte[] body,
    java.util.Map<String, String> headers,
    long delayMs) {
  ApiResponse {
    headers = java.util.Map.copyOf(headers);
  }

  ApiResponse(int status, String contentType, byte[] body) {
    this(status, contentType, body, java.util.Map.of(), 0);
  }

  ApiResponse withHeader(String name, String value) {
    java.util.Map<String, String> h = new java.util.TreeMap<>(headers);
    h.put(name, value);
    return new ApiResponse(status, contentType, body, h, delayMs);
  }

  ApiResponse withDelayMs(long ms) {
    return new ApiResponse(status, contentType, body, headers, Math.max(0, ms));
  }

  static ApiResponse json(int status, JsonNode node) {
    try {
      return new ApiResponse(status, "application/json", Wire.MAPPER.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a response", e);
    }
  }

  static ApiResponse ok(JsonNode node) {
    return json(200, node);
  }
}
