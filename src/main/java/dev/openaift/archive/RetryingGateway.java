package dev.openaift.archive;

import dev.openaift.api.FileInfo;
import dev.openaift.api.FineTuningGateway;
import dev.openaift.api.JobRequest;
import dev.openaift.api.Page;
import dev.openaift.follow.Retries;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.util.List;
import java.util.function.Supplier;

/**
 * A gateway whose reads are retried like the follow loop's ({@link Retries}); calls that change
 * something (upload, create, cancel, pause, resume) are passed through untouched, never repeated.
 */
final class RetryingGateway implements FineTuningGateway {
  private final FineTuningGateway delegate;
  private final Retries retries;
  private final Retries.OnRetry onRetry;
  private final Retries.Waits waits;

  RetryingGateway(
      FineTuningGateway delegate, Retries retries, Retries.OnRetry onRetry, Retries.Waits waits) {
    this.delegate = delegate;
    this.retries = retries;
    this.onRetry = onRetry;
    this.waits = waits;
  }

  <T> T retried(Supplier<T> call) {
    return retries.call(call, onRetry, waits);
  }

  /** The wrapped gateway's connection: where the jobs come from ({@code source.json}). */
  @Override
  public dev.openaift.api.Connection connection() {
    return delegate.connection();
  }

  @Override
  public Job getJob(String jobId) {
    return retried(() -> delegate.getJob(jobId));
  }

  @Override
  public Page<JobEvent> listEvents(String jobId, String after, int limit) {
    return retried(() -> delegate.listEvents(jobId, after, limit));
  }

  @Override
  public List<Checkpoint> listCheckpoints(String jobId) {
    return retried(() -> delegate.listCheckpoints(jobId));
  }

  @Override
  public Page<Job> listJobs(String after, int limit) {
    return retried(() -> delegate.listJobs(after, limit));
  }

  @Override
  public FileInfo getFile(String fileId) {
    return retried(() -> delegate.getFile(fileId));
  }

  @Override
  public byte[] fileContent(String fileId) {
    return retried(() -> delegate.fileContent(fileId));
  }

  @Override
  public FileInfo uploadFile(String filename, byte[] content) {
    return delegate.uploadFile(filename, content);
  }

  @Override
  public Job createJob(JobRequest request) {
    return delegate.createJob(request);
  }

  @Override
  public Job cancel(String jobId) {
    return delegate.cancel(jobId);
  }

  @Override
  public Job pause(String jobId) {
    return delegate.pause(jobId);
  }

  @Override
  public Job resume(String jobId) {
    return delegate.resume(jobId);
  }
}
