package dev.openaift.job;

import java.util.Map;

/**
 * One {@code fine_tuning.job.checkpoint}.
 *
 * @param metrics the checkpoint's metrics (event names, e.g. {@code full_valid_loss}), sorted keys
 */
public record Checkpoint(
    String id,
    long createdAt,
    String fineTunedModelCheckpoint,
    String fineTuningJobId,
    long stepNumber,
    Map<String, Double> metrics) {
  public Checkpoint {
    metrics = metrics == null ? Map.of() : metrics;
  }
}
