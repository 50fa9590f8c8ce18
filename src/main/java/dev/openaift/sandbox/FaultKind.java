package dev.openaift.sandbox;

/** The kinds of injected failure (see {@link SandboxConfig#faultRate()}). */
public enum FaultKind {
  /** 429 rate_limit_exceeded with {@code Retry-After: 1} and {@code retry-after-ms}. */
  RATE_LIMIT,
  /** 500 server_error. */
  SERVER_ERROR,
  /** 503 service unavailable. */
  UNAVAILABLE,
  /** The connection is closed without any answer. */
  CONNECTION_CLOSED,
  /** The answer is normal but only after {@link SandboxConfig#slowFaultMs()}. */
  SLOW
}
