package dev.openaift.metrics;

/**
 * The figures of one metric in {@code summary.json} ({@code metrics.<name>}). Values are NaN and
 * steps -1 when a series has no points.
 *
 * @param lastSmoothed the debiased EMA at the default weight (0.6) at the last point, whatever
 *     weight the report was drawn with, so the number is comparable across reports
 */
public record MetricStats(
    int points,
    double first,
    long firstStep,
    double last,
    long lastStep,
    double min,
    long minStep,
    double max,
    long maxStep,
    double mean,
    double lastSmoothed) {}
