package dev.openaift.api;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a refused request asks the client to wait, read from its headers in this order: {@code
 * retry-after-ms} (milliseconds), {@code Retry-After} (seconds, or an HTTP date), else the later of
 * {@code x-ratelimit-reset-requests} and {@code x-ratelimit-reset-tokens} (durations such as {@code
 * 20ms}, {@code 1s}, {@code 6m0s}, {@code 1h2m3.5s}: when the exhausted limit refills).
 */
final class RateLimitHeaders {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

  private RateLimitHeaders() {}

  /**
   * @param header a header's first value by (case-insensitive) name, or null
   * @return the wait, or null when no header says (or none can be read)
   */
  static Duration retryAfter(Function<String, String> header, Clock clock) {
    Duration ms = millis(header.apply("retry-after-ms"));
    if (ms != null) {
      return ms;
    }
    String ra = header.apply("retry-after");
    if (ra != null && !ra.isBlank()) {
      String v = ra.strip();
      try {
        double seconds = Double.parseDouble(v);
        if (seconds >= 0 && Double.isFinite(seconds)) {
          return Duration.ofMillis(Math.round(seconds * 1000));
        }
      } catch (NumberFormatException notSeconds) {
        try {
          ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
          Duration d = Duration.between(clock.instant(), at.toInstant());
          return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException notADate) {
          // fall through to the rate-limit headers
        }
      }
    }
    Duration requests = duration(header.apply("x-ratelimit-reset-requests"));
    Duration tokens = duration(header.apply("x-ratelimit-reset-tokens"));
    if (requests == null) {
      return tokens;
    }
    return tokens == null || requests.compareTo(tokens) >= 0 ? requests : tokens;
  }

  private static Duration millis(String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      double ms = Double.parseDouble(v.strip());
      return ms >= 0 && Double.isFinite(ms) ? Duration.ofMillis(Math.round(ms)) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code 1h2m3.5s}, {@code 6m0s}, {@code 20ms}; null when unreadable. */
  static Duration duration(String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    String s = v.strip().toLowerCase(Locale.ROOT);
    Matcher m = PART.matcher(s);
    double ms = 0;
    int at = 0;
    while (m.find()) {
      if (m.start() != at) {
        return null;
      }
      double n = Double.parseDouble(m.group(1));
      ms +=
          switch (m.group(2)) {
            case "h" -> n * 3_600_000;
            case "m" -> n * 60_000;
            case "s" -> n * 1000;
            default -> n;
          };
      at = m.end();
    }
    return at == s.length() && at > 0 ? Duration.ofMillis(Math.round(ms)) : null;
  }
}
