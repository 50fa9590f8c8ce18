package dev.openaift.metrics;

import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongToDoubleFunction;

/** Small builders for in-memory jobs. */
final class TestData {
  private TestData() {}

  static ResultTable csv(String text) {
    return ResultFileReader.read(text.getBytes(StandardCharsets.UTF_8), Path.of("results.csv"));
  }

  /**
   * A current-format file of {@code steps} rows; {@code valid} is NaN where there is no validation.
   */
  static ResultTable curves(int steps, LongToDoubleFunction train, LongToDoubleFunction valid) {
    StringBuilder b =
        new StringBuilder("step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n");
    for (long s = 1; s <= steps; s++) {
      double v = valid.applyAsDouble(s);
      b.append(s)
          .append(',')
          .append(train.applyAsDouble(s))
          .append(",0.5,")
          .append(Double.isNaN(v) ? "" : Double.toString(v))
          .append(",\n");
    }
    return csv(b.toString());
  }

  static Job job(String status, String nEpochs) {
    return new Job(
        "ftjob-test",
        status,
        "gpt-4o-mini-2024-07-18",
        null,
        null,
        100L,
        null,
        null,
        null,
        "file-t",
        "file-v",
        List.of(),
        "supervised",
        nEpochs == null ? Map.of() : Map.of("n_epochs", nEpochs),
        null,
        null,
        null,
        null,
        Map.of());
  }

  static JobEvent event(String id, long at, String level, String message) {
    return new JobEvent(id, at, level, message, "message", Map.of());
  }

  static JobEvent metrics(String id, long at, Map<String, Object> data) {
    return new JobEvent(id, at, "info", "Step " + data.get("step"), "metrics", new TreeMap<>(data));
  }

  static Checkpoint checkpoint(long step, Map<String, Double> metrics) {
    return new Checkpoint(
        "ftckpt_" + step, 1000 + step, "ft:m:o:s:j:ckpt-step-" + step, "ftjob-ck", step, metrics);
  }

  /** Deterministic noise in [-1, 1] (a fixed linear congruential sequence). */
  static double noise(long i) {
    long x = (i * 6364136223846793005L + 1442695040888963407L) >>> 11;
    return (x % 2001) / 1000.0 - 1.0;
  }
}
