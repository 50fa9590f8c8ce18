package dev.openaift.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how to reach the API. {@link #toString()} masks the key, so a connection can be logged.
 *
 * @param apiKey       the secret key; never printed
 * @param baseUrl      e.g. {@code https://api.openai.com/v1} (no trailing slash)
 * @param organization {@code OpenAI-Organization} header value, or null
 * @param project      {@code OpenAI-Project} header value, or null
 * @param maxRetries   how many times a request is retried on 408/409/429/5xx and connection errors
 * @param timeout      the time limit of one request (connect, send, read)
 */
public record Connection(
    String apiKey, String baseUrl, String organization, String project, int maxRetries, Duration timeout) {

  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
  public static final int DEFAULT_MAX_RETRIES = 4;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  public Connection {
    if (apiKey == null || apiKey.isBlank()) {
      throw new ApiException(
          ApiException.Kind.MISSING_KEY, "no API key: set OPENAI_API_KEY or pass --api-key");
    }
    apiKey = apiKey.strip();
    requireHeaderSafe(apiKey, "the API key", "OPENAI_API_KEY or --api-key", false);
    baseUrl = checkedBaseUrl(baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl.strip());
    organization = blankToNull(organization);
    project = blankToNull(project);
    requireHeaderSafe(organization, "the organization id", "OPENAI_ORG_ID", true);
    requireHeaderSafe(project, "the project id", "OPENAI_PROJECT_ID", true);
    if (maxRetries < 0) {
      throw new ApiException(ApiException.Kind.INVALID_CONFIG, "max retries must be 0 or more, not " + maxRetries);
    }
    timeout = Objects.requireNonNullElse(timeout, DEFAULT_TIMEOUT);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new ApiException(ApiException.Kind.INVALID_CONFIG, "the request timeout must be positive");
    }
  }

  /** A connection with the default retries and timeout. */
  public static Connection of(String apiKey, String baseUrl) {
    return new Connection(apiKey, baseUrl, null, null, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT);
  }

  /**
   * Reads {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}, {@code OPENAI_ORG_ID} and
   * {@code OPENAI_PROJECT_ID}; the options, when given (non-blank), win over the environment.
   *
   * @throws ApiException kind {@link ApiException.Kind#MISSING_KEY} when there is no key at all
   */
  public static Connection fromEnvironment(Map<String, String> env, String apiKeyOption, String baseUrlOption) {
    String key = firstNonBlank(apiKeyOption, env.get("OPENAI_API_KEY"));
    String base = firstNonBlank(baseUrlOption, env.get("OPENAI_BASE_URL"));
    return new Connection(
        key, base, env.get("OPENAI_ORG_ID"), env.get("OPENAI_PROJECT_ID"), DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT);
  }

  public Connection withMaxRetries(int retries) {
    return new Connection(apiKey, baseUrl, organization, project, retries, timeout);
  }

  public Connection withTimeout(Duration requestTimeout) {
    return new Connection(apiKey, baseUrl, organization, project, maxRetries, requestTimeout);
  }

  /** The key as it may be shown: its length only. */
  public String maskedKey() {
    return "***(" + apiKey.length() + " chars)";
  }

  /**
   * The base URL as it may be shown in messages: without a user name and password
   * ({@code https://user:secret@host/v1} gives {@code https://host/v1}).
   */
  public String shownBaseUrl() {
    try {
      URI uri = new URI(baseUrl);
      if (uri.getRawUserInfo() == null) {
        return baseUrl;
      }
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getRawPath(), null, null).toString();
    } catch (URISyntaxException e) {
      return "the base URL";
    }
  }

  @Override
  public String toString() {
    return "Connection[apiKey=" + maskedKey() + ", baseUrl=" + shownBaseUrl() + ", organization=" + organization
        + ", project=" + project + ", maxRetries=" + maxRetries + ", timeout=" + timeout + "]";
  }

  private static String checkedBaseUrl(String url) {
    String trimmed = url;
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    try {
      URI uri = new URI(trimmed);
      String scheme = uri.getScheme();
      if (uri.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        throw new URISyntaxException(trimmed, "not an http(s) address with a host");
      }
    } catch (URISyntaxException e) {
      throw new ApiException(
          ApiException.Kind.INVALID_CONFIG, "bad base URL '" + url + "': expected e.g. " + DEFAULT_BASE_URL);
    }
    return trimmed;
  }

  /**
   * Header values must be visible ASCII: a line break (a key pasted across lines) or a space inside
   * would make the HTTP client fail with an internal error. The message does not show the value.
   */
  private static void requireHeaderSafe(String value, String what, String where, boolean show) {
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        String kind = c == '\n' || c == '\r' ? "a line break" : c == ' ' || c == '\t' ? "white space"
            : c < 0x21 || c == 0x7f ? "a control character" : "a non-ASCII character";
        throw new ApiException(ApiException.Kind.INVALID_CONFIG,
            what + (show ? " '" + value.substring(0, i) + "...'" : "") + " holds " + kind + " at character "
                + (i + 1) + ": check " + where);
      }
    }
  }

  private static String firstNonBlank(String a, String b) {
    return a != null && !a.isBlank() ? a : blankToNull(b);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
