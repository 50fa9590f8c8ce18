/**
 * Result-file and event readers that map every format onto one canonical table of steps and metric
 * columns ({@link dev.openaift.metrics.StepTable}, plain arrays), the smoothing, the epoch table,
 * the per-metric statistics and the findings of one job. What leaves it is plain records and
 * arrays.
 */
package dev.openaift.metrics;
