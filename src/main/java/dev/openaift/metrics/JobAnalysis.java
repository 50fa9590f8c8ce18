package dev.openaift.metrics;

import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.util.List;
import java.util.Map;

/**
 * Everything a report shows about one job, computed once from its files.
 *
 * @param jobId the job id (from job.json, events or checkpoints; else the folder name or "job")
 * @param job the job object, or null when none was given
 * @param format {@code current}, {@code legacy} or {@code events} (no result file)
 * @param steps the last step seen (result file or metrics events), 0 if none
 * @param totalSteps the planned total steps (events' {@code total_steps}), else {@code steps}
 * @param series every metric with points, canonical ones first in canonical order, then extras
 * @param stats per metric name, sorted by name
 * @param smoothingWeight the EMA weight used for {@link MetricSeries#smoothed()}
 * @param rollingWindow the window of the validation rolling mean
 * @param epochEnds last step of each epoch, ascending; empty when epochs are unknown
 * @param epochSource how the epochs were found, or null: {@code n_epochs} (the job's numeric {@code
 *     n_epochs} over the total steps), {@code classification} (legacy rows that carry
 *     classification metrics), {@code events} (legacy "Completed epoch k/N" events), {@code
 *     checkpoints} (regularly spaced checkpoint steps)
 * @param epochs the per-epoch table
 * @param bestCheckpoint the checkpoint with the lowest full validation loss, or null
 * @param checkpoints ascending by step
 * @param events every event, oldest first (created_at, then id)
 * @param findings plain-language findings, most important first
 * @param warnings problems met while reading (e.g. {@code "results.csv:61: last line is incomplete
 *     (job still running?); ignored"}), one line each
 * @param durations {@code queued}, {@code training}, {@code total} in seconds when known, sorted
 *     keys
 * @param timestamps {@code created}, {@code started}, {@code finished} unix seconds when known
 * @param generalisationGap the last full-validation loss (else the EMA-0.6 minibatch validation
 *     loss at its last point) minus the EMA-0.6 train loss at the last train step at or before that
 *     step; NaN without validation (exact rule: {@link GeneralisationGap})
 * @param sourceColumns canonical name -> original column/key name, sorted
 * @param stepTiming when the result file's rows were written (Azure's {@code timestamp} column), or
 *     null when it does not say
 */
public record JobAnalysis(
    String jobId,
    Job job,
    String format,
    long steps,
    long totalSteps,
    List<MetricSeries> series,
    Map<String, MetricStats> stats,
    double smoothingWeight,
    int rollingWindow,
    List<Long> epochEnds,
    String epochSource,
    List<EpochRow> epochs,
    Checkpoint bestCheckpoint,
    List<Checkpoint> checkpoints,
    List<JobEvent> events,
    List<Finding> findings,
    List<String> warnings,
    Map<String, Long> durations,
    Map<String, Long> timestamps,
    double generalisationGap,
    Map<String, String> sourceColumns,
    StepTiming stepTiming) {

  /** The series with that name, or null. */
  public MetricSeries series(String name) {
    for (MetricSeries s : series) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }
}
