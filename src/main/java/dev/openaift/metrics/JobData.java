package dev.openaift.metrics;

import dev.openaift.job.Checkpoint;
import dev.openaift.job.EventOrder;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.util.Comparator;
import java.util.List;

/**
 * One job's data in memory, from files or from the API.
 *
 * @param job the job, or null
 * @param events events oldest first as read ({@link EventOrder#inTime} here: by created_at, keeping
 *     the given order within a second, metrics events by step); never null
 * @param checkpoints checkpoints in any order (sorted here by step); never null
 * @param results the parsed result file, or null when there is none
 * @param fallbackJobId the id to show when neither the job, the events nor the checkpoints name one
 * @param warnings problems met while reading the inputs other than the result file (whose own
 *     warnings it carries), one line each naming file and line; never null
 */
public record JobData(
    Job job,
    List<JobEvent> events,
    List<Checkpoint> checkpoints,
    ResultTable results,
    String fallbackJobId,
    List<String> warnings) {

  /** Data without input warnings of its own (from the API, or files read without any). */
  public JobData(
      Job job,
      List<JobEvent> events,
      List<Checkpoint> checkpoints,
      ResultTable results,
      String fallbackJobId) {
    this(job, events, checkpoints, results, fallbackJobId, List.of());
  }

  public JobData {
    events = events == null ? List.of() : List.copyOf(EventOrder.inTime(events));
    checkpoints =
        checkpoints == null
            ? List.of()
            : checkpoints.stream()
                .sorted(Comparator.comparingLong(Checkpoint::stepNumber))
                .toList();
    fallbackJobId = fallbackJobId == null || fallbackJobId.isBlank() ? "job" : fallbackJobId;
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }
}
