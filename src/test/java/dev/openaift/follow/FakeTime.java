package dev.openaift.follow;

import dev.openaift.api.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when the sleeper sleeps; records every sleep. Thread-safe. */
public final class FakeTime extends Clock implements Sleeper {
  private Instant now;
  public final List<Duration> sleeps = java.util.Collections.synchronizedList(new ArrayList<>());

  public FakeTime(long epochSecond) {
    this.now = Instant.ofEpochSecond(epochSecond);
  }

  @Override
  public synchronized void sleep(Duration d) {
    sleeps.add(d);
    now = now.plus(d);
  }

  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
