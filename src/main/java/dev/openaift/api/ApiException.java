package dev.openaift.api;

import dev.openaift.io.Echo;

/**
 * A failed API call, classified. The message is one line meant for users; it never contains the API
 * key.
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, which decides the exit code and whether trying again can help. */
  public enum Kind {
    /** No API key configured; raised before any request. */
    MISSING_KEY,
    /** The connection settings are unusable (e.g. a base URL that is not http(s)). */
    INVALID_CONFIG,
    /** 401 or 403: the key is wrong or lacks access. */
    UNAUTHORIZED,
    /** 404: the job or file does not exist (for this key). */
    NOT_FOUND,
    /** 400, 409, 422 or another 4xx: the API refused the request; the message is the API's own. */
    BAD_REQUEST,
    /** 429 after the retries were used up. */
    RATE_LIMITED,
    /** 5xx after the retries were used up, or an answer that could not be read. */
    SERVER,
    /** Connection refused, dropped or timed out after the retries were used up. */
    NETWORK,
    /** The waiting thread was interrupted (Ctrl-C). */
    INTERRUPTED;

    /** Whether waiting and asking again can succeed (rate limit, server or network trouble). */
    public boolean transientFault() {
      return this == RATE_LIMITED || this == SERVER || this == NETWORK;
    }
  }

  private final Kind kind;
  private final int statusCode;
  private final java.time.Duration retryAfter;
  private String apiCode;
  private String apiMessage;

  public ApiException(Kind kind, String message) {
    this(kind, 0, message, null);
  }

  public ApiException(Kind kind, int statusCode, String message, Throwable cause) {
    this(kind, statusCode, message, cause, null);
  }

  /**
   * @param retryAfter how long the API asked to wait before trying again (from {@code
   *     retry-after-ms}, {@code Retry-After} or {@code x-ratelimit-reset-*}), or null when it did
   *     not say
   */
  public ApiException(
      Kind kind, int statusCode, String message, Throwable cause, java.time.Duration retryAfter) {
    super(Echo.message(message), cause);
    this.kind = kind;
    this.statusCode = statusCode;
    this.retryAfter = retryAfter;
  }

  /** How long the API asked to wait before the next request, when it said (429, some 503s). */
  public java.util.Optional<java.time.Duration> retryAfter() {
    return java.util.Optional.ofNullable(retryAfter);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status that caused this, 0 when there was no answer. */
  public int statusCode() {
    return statusCode;
  }

  /** The API's own {@code error.code} (e.g. {@code model_not_found}), or null when it sent none. */
  public String apiCode() {
    return apiCode;
  }

  /** The API's own {@code error.message}, or null when it sent none. */
  public String apiMessage() {
    return apiMessage;
  }

  /**
   * This exception, carrying the API's {@code error.code} and {@code error.message}; returns
   * itself.
   */
  public ApiException withApiError(String code, String message) {
    this.apiCode = code;
    this.apiMessage = message;
    return this;
  }
}
