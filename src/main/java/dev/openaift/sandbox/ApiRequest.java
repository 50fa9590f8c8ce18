package dev.openaift.sandbox;

import java.util.List;
import java.util.Map;

/**
 * One authenticated request as the endpoints see it.
 *
 * @param path the percent-decoded segments after {@code /v1}
 */
record ApiRequest(
    String method, List<String> path, Map<String, String> query, String contentType, byte[] body) {}
