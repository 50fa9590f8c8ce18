package dev.openaift.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test sets by hand, in UTC, for the sandbox and the commands that share it (the
 * simulator's steps do not depend on it). Thread-safe: the sandbox's threads read what the test
 * set.
 */
public final class SetClock extends Clock {
  private volatile Instant now;

  public SetClock(String instant) {
    this.now = Instant.parse(instant);
  }

  public void set(String instant) {
    now = Instant.parse(instant);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
