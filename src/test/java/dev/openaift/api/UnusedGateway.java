package dev.openaift.api;

import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.util.List;

/**
 * A base for test fakes of the gateway: every call fails loudly unless the fake overrides it, so a
 * test states only the calls it expects the code under test to make.
 */
public abstract class UnusedGateway implements FineTuningGateway {
  private static UnsupportedOperationException unused(String call) {
    return new UnsupportedOperationException(call + " is not expected in this test");
  }

  @Override
  public Job getJob(String jobId) {
    throw unused("getJob");
  }

  @Override
  public Page<JobEvent> listEvents(String jobId, String after, int limit) {
    throw unused("listEvents");
  }

  @Override
  public List<Checkpoint> listCheckpoints(String jobId) {
    throw unused("listCheckpoints");
  }

  @Override
  public Page<Job> listJobs(String after, int limit) {
    throw unused("listJobs");
  }

  @Override
  public FileInfo getFile(String fileId) {
    throw unused("getFile");
  }

  @Override
  public byte[] fileContent(String fileId) {
    throw unused("fileContent");
  }

  @Override
  public FileInfo uploadFile(String filename, byte[] content) {
    throw unused("uploadFile");
  }

  @Override
  public Job createJob(JobRequest request) {
    throw unused("createJob");
  }

  @Override
  public Job cancel(String jobId) {
    throw unused("cancel");
  }

  @Override
  public Job pause(String jobId) {
    throw unused("pause");
  }

  @Override
  public Job resume(String jobId) {
    throw unused("resume");
  }
}
