package dev.openaift.follow;

import dev.openaift.api.ApiException;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything the follow loop reports. */
class RecordingListener implements FollowListener {
  final List<JobEvent> events = new ArrayList<>();
  final List<Integer> batchSizes = new ArrayList<>();
  final List<Job> jobs = new ArrayList<>();
  final List<Duration> retryWaits = new ArrayList<>();
  final List<Job> done = new ArrayList<>();

  @Override
  public void onEvents(List<JobEvent> batch) {
    if (batch.isEmpty()) {
      throw new AssertionError("empty batch reported");
    }
    events.addAll(batch);
    batchSizes.add(batch.size());
  }

  @Override
  public void onJob(Job job) {
    jobs.add(job);
  }

  @Override
  public void onRetry(ApiException fault, int attempt, Duration wait) {
    retryWaits.add(wait);
  }

  @Override
  public void onDone(Job job) {
    done.add(job);
  }
}
