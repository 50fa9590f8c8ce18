package dev.openaift.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP side: fault injection first (before anything is read or changed), then the API key, then
 * the endpoints. Every answer is JSON except file contents; errors use OpenAI's shape. Each answer
 * carries an {@code x-request-id}.
 */
final class HttpFront implements HttpHandler {
  private final SandboxConfig config;
  private final FaultInjector faults;
  private final Endpoints endpoints;

  /** The Azure OpenAI flavour, or null for OpenAI's. */
  private final AzureFlavour azure;

  private final AtomicLong requestCounter = new AtomicLong();

  HttpFront(SandboxConfig config, FaultInjector faults, Endpoints endpoints) {
    this(config, faults, endpoints, null);
  }

  HttpFront(SandboxConfig config, FaultInjector faults, Endpoints endpoints, AzureFlavour azure) {
    this.config = config;
    this.faults = faults;
    this.endpoints = endpoints;
    this.azure = azure;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try {
      FaultKind fault = faults.next();
      if (fault != null) {
        switch (fault) {
          case CONNECTION_CLOSED -> {
            // closing before any response header was sent drops the connection: no status line at
            // all
            ex.close();
            return;
          }
          case RATE_LIMIT -> {
            ex.getResponseHeaders().set("Retry-After", "1");
            ex.getResponseHeaders().set("retry-after-ms", "200");
            ex.getResponseHeaders().set("x-ratelimit-limit-requests", "500");
            ex.getResponseHeaders().set("x-ratelimit-remaining-requests", "0");
            ex.getResponseHeaders().set("x-ratelimit-reset-requests", "200ms");
            ex.getResponseHeaders().set("x-ratelimit-limit-tokens", "200000");
            ex.getResponseHeaders().set("x-ratelimit-remaining-tokens", "0");
            ex.getResponseHeaders().set("x-ratelimit-reset-tokens", "120ms");
            send(
                ex,
                error(
                    new ApiError(
                        429,
                        "requests",
                        null,
                        "rate_limit_exceeded",
                        "Rate limit reached for requests (sandbox fault injection). Please try"
                            + " again in 200ms.")));
            return;
          }
          case SERVER_ERROR -> {
            send(
                ex,
                error(
                    new ApiError(
                        500,
                        "server_error",
                        null,
                        null,
                        "The server had an error while processing your request. Sorry about"
                            + " that!")));
            return;
          }
          case UNAVAILABLE -> {
            send(
                ex,
                error(
                    new ApiError(
                        503,
                        "server_error",
                        null,
                        null,
                        "The server is overloaded or not ready yet.")));
            return;
          }
          case SLOW -> sleep(config.slowFaultMs());
        }
      }
      ApiResponse r = answer(ex);
      if (r.delayMs() > 0) {
        sleep(r.delayMs());
      }
      if (faults.answerLost(
          ex.getRequestMethod().toUpperCase(Locale.ROOT), ex.getRequestURI().getRawPath())) {
        ex.close(); // handled, then the connection closes with no answer
        return;
      }
      send(ex, r);
    } finally {
      ex.close();
    }
  }

  private ApiResponse answer(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    String rawPath = ex.getRequestURI().getRawPath();
    try {
      if (azure != null) {
        return azureAnswer(ex, method, rawPath, body);
      }
      if (!authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
        String given = ex.getRequestHeaders().getFirst("Authorization");
        String message =
            given == null || given.isBlank()
                ? "You didn't provide an API key. You need to provide your API key in an"
                    + " Authorization header using Bearer auth (i.e. Authorization: Bearer"
                    + " YOUR_KEY)."
                : "Incorrect API key provided: "
                    + mask(given.replaceFirst("(?i)^Bearer\\s+", ""))
                    + ".";
        throw new ApiError(401, "invalid_request_error", null, "invalid_api_key", message);
      }
      if (rawPath == null || !(rawPath.equals("/v1") || rawPath.startsWith("/v1/"))) {
        throw ApiError.notFound(null, null, "Invalid URL (" + method + " " + rawPath + ")");
      }
      List<String> segments = new ArrayList<>();
      for (String s : rawPath.substring(3).split("/")) {
        if (!s.isEmpty()) {
          segments.add(decodeSegment(s));
        }
      }
      ApiRequest req =
          new ApiRequest(
              method,
              segments,
              query(ex.getRequestURI().getRawQuery()),
              ex.getRequestHeaders().getFirst("Content-Type"),
              body);
      return endpoints.handle(req);
    } catch (ApiError e) {
      return error(e);
    } catch (RuntimeException e) {
      return error(
          new ApiError(
              500,
              "server_error",
              null,
              null,
              "The sandbox failed while handling the request: " + e));
    }
  }

  private ApiResponse azureAnswer(HttpExchange ex, String method, String rawPath, byte[] body) {
    if (!azure.authorized(ex.getRequestHeaders().getFirst("api-key"))) {
      throw new ApiError(401, null, null, "401", AzureFlavour.BAD_KEY_MESSAGE);
    }
    List<String> segments = new ArrayList<>();
    for (String s : (rawPath == null ? "" : rawPath).split("/")) {
      if (!s.isEmpty()) {
        segments.add(decodeSegment(s));
      }
    }
    return azure.handle(
        method,
        segments,
        query(ex.getRequestURI().getRawQuery()),
        ex.getRequestHeaders().getFirst("Content-Type"),
        body);
  }

  private boolean authorized(String header) {
    if (header == null) {
      return false;
    }
    String h = header.strip();
    if (h.length() < 7 || !h.substring(0, 7).equalsIgnoreCase("Bearer ")) {
      return false;
    }
    byte[] given = h.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, config.apiKey().getBytes(StandardCharsets.UTF_8));
  }

  private static String mask(String key) {
    if (key.length() <= 8) {
      return "****";
    }
    return key.substring(0, 3)
        + "*".repeat(Math.min(20, key.length() - 7))
        + key.substring(key.length() - 4);
  }

  private ApiResponse error(ApiError e) {
    ObjectNode body = azure != null ? AzureFlavour.error(e) : Wire.error(e);
    return ApiResponse.json(e.status, body);
  }

  private void send(HttpExchange ex, ApiResponse r) throws IOException {
    ex.getResponseHeaders().set("Content-Type", r.contentType());
    ex.getResponseHeaders()
        .set(
            "x-request-id",
            String.format(Locale.ROOT, "req_sandbox%021d", requestCounter.incrementAndGet()));
    ex.getResponseHeaders().set("openai-organization", JobSimulator.ORGANIZATION);
    ex.getResponseHeaders().set("openai-version", "2020-10-01");
    r.headers().forEach((name, value) -> ex.getResponseHeaders().set(name, value));
    boolean head = ex.getRequestMethod().equalsIgnoreCase("HEAD");
    ex.sendResponseHeaders(r.status(), head || r.body().length == 0 ? -1 : r.body().length);
    if (!head && r.body().length > 0) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(r.body());
      }
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new TreeMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  /** Percent-decoding for a path segment ('+' stays '+', unlike form decoding). */
  static String decodeSegment(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      out.write(b, 0, b.length);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
