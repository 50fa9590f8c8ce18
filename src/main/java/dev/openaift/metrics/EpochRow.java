package dev.openaift.metrics;

/**
 * One row of the per-epoch table. Means are over the non-missing points of the epoch's steps; NaN
 * where there were none. {@code fullValidLoss} is the full-validation loss at (or last before) the
 * epoch's end step, NaN if none.
 */
public record EpochRow(
    int epoch,
    long firstStep,
    long lastStep,
    double meanTrainLoss,
    double meanValidLoss,
    double fullValidLoss,
    double meanTrainAccuracy,
    double meanValidAccuracy) {}
