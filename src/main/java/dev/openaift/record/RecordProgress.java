package dev.openaift.record;

import dev.openaift.api.ApiException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;

/**
 * Shows a recording's progress: {@code recorded 120/1000 12% | 8.1/s | 2 retries | elapsed 0:15 |
 * ETA 1:48} (see {@link BatchProgress} for when and how it is drawn).
 */
public final class RecordProgress extends BatchProgress implements Recorder.Listener {
  /**
   * @param already examples recorded before this run
   * @param total examples to have recorded at the end
   */
  public RecordProgress(
      PrintWriter out, Clock clock, boolean terminal, int width, int already, int total) {
    super("recorded", out, clock, terminal, width, already, total);
  }

  @Override
  public void recorded(RecordedAnswer answer) {
    done();
  }

  @Override
  public void retrying(ChatExample example, ApiException fault, int attempt, Duration wait) {
    retrying(fault, wait);
  }
}
