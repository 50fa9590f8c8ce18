package dev.openaift.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.core.ObjectMappers;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The SDK's failures in our words, one clear line each, for {@link OpenAiGateway}: the kind (exit
 * code), the HTTP status, the API's own error code and message, how long a 429 asked to wait, and
 * for Azure what to check. Every text that came from elsewhere is scrubbed: the key, the admin key
 * and anything that looks like a key never reach a message.
 *
 * @param adminKey the admin key, or null; scrubbed like the API key
 * @param clock reads a {@code Retry-After} HTTP date
 */
record ApiErrors(Connection connection, String adminKey, Clock clock) {
  private static final JsonMapper JSON = ObjectMappers.jsonMapper();
  private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk|sess)-[A-Za-z0-9_*\\-]{3,}");

  /** Never the keys. */
  @Override
  public String toString() {
    return "ApiErrors[" + connection.shownBaseUrl() + "]";
  }

  /** {@code request}'s answer; an SDK failure about {@code subject} becomes an ApiException. */
  <T> T call(String subject, Supplier<T> request) {
    try {
      return request.get();
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      throw translate(subject, e);
    }
  }

  /** One clear line per failure; the key is never part of it. */
  ApiException translate(String subject, RuntimeException e) {
    int retries = connection.maxRetries();
    String afterRetries =
        retries == 0 ? "" : " after " + retries + (retries == 1 ? " retry" : " retries");
    if (e instanceof OpenAIServiceException s) {
      // The SDK's exception is not kept as the cause: its message quotes the answer's body, and a
      // 401
      // body echoes (part of) the key. Everything useful is in our message, status and error code.
      return serviceFailure(s, subject, afterRetries)
          .withApiError(s.code().orElse(null), apiMessage(s) == null ? null : scrub(apiMessage(s)));
    }
    if ((e instanceof OpenAIIoException || e instanceof UncheckedIOException)
        && Thread.currentThread().isInterrupted()) {
      return fail(
          ApiException.Kind.INTERRUPTED, 0, "interrupted during a request about " + subject, e);
    }
    if (e instanceof OpenAIIoException || e instanceof UncheckedIOException) {
      return fail(
          ApiException.Kind.NETWORK,
          0,
          "cannot reach " + connection.shownBaseUrl() + afterRetries + colon(rootMessage(e)),
          e);
    }
    if (e instanceof OpenAIInvalidDataException) {
      return fail(
          ApiException.Kind.SERVER,
          0,
          "unreadable answer from "
              + connection.shownBaseUrl()
              + " about "
              + subject
              + colon(rootMessage(e)),
          e);
    }
    if (e instanceof OpenAIException) {
      return fail(
          ApiException.Kind.NETWORK,
          0,
          "request about " + subject + " failed" + colon(rootMessage(e)),
          e);
    }
    throw e;
  }

  private ApiException serviceFailure(
      OpenAIServiceException s, String subject, String afterRetries) {
    Throwable e = null;
    int status = s.statusCode();
    String apiMessage = apiMessage(s);
    if (s instanceof UnauthorizedException) {
      return fail(
          ApiException.Kind.UNAUTHORIZED,
          status,
          "the API rejected the key (401 Unauthorized): check "
              + (connection.isAzure() ? "AZURE_OPENAI_API_KEY" : "OPENAI_API_KEY")
              + " or --api-key",
          e);
    }
    if (s instanceof PermissionDeniedException) {
      return fail(
          ApiException.Kind.UNAUTHORIZED,
          status,
          "the key may not access " + subject + " (403 Forbidden)" + colon(apiMessage),
          e);
    }
    if (s instanceof NotFoundException) {
      return fail(
          ApiException.Kind.NOT_FOUND,
          status,
          "no " + subject + " (404 from the API)" + colon(apiMessage) + azureNotFoundHint(s),
          e);
    }
    Duration wait =
        RateLimitHeaders.retryAfter(
            name -> s.headers().values(name).stream().findFirst().orElse(null), clock);
    if (s instanceof RateLimitException) {
      return new ApiException(
          ApiException.Kind.RATE_LIMITED,
          status,
          scrub("rate limited by the API (429)" + afterRetries + colon(apiMessage)),
          null,
          wait);
    }
    if (status >= 500) {
      return new ApiException(
          ApiException.Kind.SERVER,
          status,
          scrub("the API failed (HTTP " + status + ")" + afterRetries + colon(apiMessage)),
          null,
          wait);
    }
    return fail(
        ApiException.Kind.BAD_REQUEST,
        status,
        "the API refused the request on "
            + subject
            + " (HTTP "
            + status
            + ")"
            + colon(apiMessage)
            + (connection.isAzure() && apiMessage != null && apiMessage.contains("API version")
                ? " (api-version "
                    + connection.apiVersion()
                    + "; change it with --api-version or OPENAI_API_VERSION)"
                : ""),
        e);
  }

  ApiException fail(ApiException.Kind kind, int status, String message, Throwable cause) {
    return new ApiException(kind, status, scrub(message), cause);
  }

  /** Removes the key, and anything that looks like one, from text that came from elsewhere. */
  private String scrub(String text) {
    String out = text.replace(connection.apiKey(), "***");
    if (adminKey != null) {
      out = out.replace(adminKey, "***");
    }
    out = KEY_LIKE.matcher(out).replaceAll("***");
    return out.replaceAll("[\\r\\n]+", " ").strip();
  }

  static String colon(String detail) {
    return detail == null || detail.isBlank() ? "" : ": " + detail;
  }

  /**
   * Azure answers a path it does not serve, or a missing api-version, with a bare 404 "Resource not
   * found"; an unknown deployment with code {@code DeploymentNotFound}. Each gets what to check.
   */
  private String azureNotFoundHint(OpenAIServiceException s) {
    if (!connection.isAzure()) {
      return "";
    }
    String code = apiCode(s);
    if ("DeploymentNotFound".equals(code)) {
      return ". Azure OpenAI answers only through deployments: check the deployment name (a"
          + " fine-tuned model must be deployed first)";
    }
    if ("404".equals(code)) {
      return " (check the endpoint "
          + connection.shownBaseUrl()
          + " and the api-version "
          + connection.apiVersion()
          + ")";
    }
    return "";
  }

  private static String apiCode(OpenAIServiceException s) {
    try {
      JsonNode body = JSON.valueToTree(s.body());
      JsonNode code = body.has("error") ? body.path("error").path("code") : body.path("code");
      return code.isValueNode() && !code.isNull() ? code.asText() : null;
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  static String apiMessage(OpenAIServiceException s) {
    try {
      JsonNode body = JSON.valueToTree(s.body());
      JsonNode message = body.path("error").path("message");
      if (message.isTextual()) {
        return message.asText();
      }
      message = body.path("message");
      return message.isTextual() ? message.asText() : null;
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    // The HTTP library's own words for these are its internals ("\\n not found: limit=0 ...", a
    // bare host).
    if (t instanceof java.io.EOFException) {
      return "the server closed the connection without an answer";
    }
    if (t instanceof java.net.UnknownHostException) {
      return "unknown host" + (t.getMessage() == null ? "" : " " + t.getMessage());
    }
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
