package dev.openaift.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** A status, a content type and the body bytes. */
record ApiResponse(int status, String contentType, byte[] body) {
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
