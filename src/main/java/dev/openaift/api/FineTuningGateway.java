package dev.openaift.api;

import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.util.List;

/**
 * The fine-tuning API as this tool uses it, in our own records. Every method throws {@link
 * ApiException} on failure (after the implementation's own retries, if any).
 */
public interface FineTuningGateway extends AutoCloseable {

  /** {@code GET /fine_tuning/jobs/{id}}. */
  Job getJob(String jobId);

  /**
   * {@code GET /fine_tuning/jobs/{id}/events}: one page, <b>newest first</b> as the API sends it.
   *
   * @param after the id of the oldest event already read (walks back in time), or null for the
   *     newest
   * @param limit page size (the API allows up to 100)
   */
  Page<JobEvent> listEvents(String jobId, String after, int limit);

  /**
   * {@code GET /fine_tuning/jobs/{id}/checkpoints}, all pages, in the API's order (newest first).
   */
  List<Checkpoint> listCheckpoints(String jobId);

  /** {@code GET /fine_tuning/jobs}: one page, newest first. */
  Page<Job> listJobs(String after, int limit);

  /** {@code GET /files/{id}}. */
  FileInfo getFile(String fileId);

  /**
   * {@code GET /files/{id}/content}: the raw bytes (a result file may be base64 text; not decoded
   * here).
   */
  byte[] fileContent(String fileId);

  /** {@code POST /files} (multipart) with purpose {@code fine-tune}. */
  FileInfo uploadFile(String filename, byte[] content);

  /**
   * {@code POST /fine_tuning/jobs}: starts a job. Sent once, never retried here: an answer lost
   * after the service acted would start a second job, which the user pays for. {@link
   * dev.openaift.lifecycle.JobLauncher#createOnce} retries it, after looking for the job.
   */
  Job createJob(JobRequest request);

  /** {@code POST /fine_tuning/jobs/{id}/cancel}. */
  Job cancel(String jobId);

  /** {@code POST /fine_tuning/jobs/{id}/pause}. */
  Job pause(String jobId);

  /** {@code POST /fine_tuning/jobs/{id}/resume}. */
  Job resume(String jobId);

  /**
   * Where this gateway's requests go (provider, endpoint host; the key is never read from it by
   * callers that record it), or null when it talks to no real connection (tests' fakes).
   */
  default Connection connection() {
    return null;
  }

  /** Releases connections and threads; the default does nothing. */
  @Override
  default void close() {}
}
