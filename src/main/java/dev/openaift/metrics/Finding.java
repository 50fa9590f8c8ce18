package dev.openaift.metrics;

/**
 * A plain-language observation about the job.
 *
 * @param code stable machine key: {@code overfitting}, {@code undertrained}, {@code
 *     sparse_validation}, {@code event_warnings}, {@code event_errors}, {@code job_failed}, {@code
 *     job_cancelled}, {@code truncated}, {@code no_validation}, {@code healthy}, {@code
 *     model_shutdown}
 * @param severity {@code info}, {@code warning} or {@code error}
 * @param text one or two sentences for people, with the numbers that back it
 */
public record Finding(String code, String severity, String text) {}
