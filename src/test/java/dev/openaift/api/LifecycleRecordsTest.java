package dev.openaift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.openaift.job.Job;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LifecycleRecordsTest {
  @Test
  void theOldConstructorStillMakesASupervisedRequestWithoutMetadata() {
    JobRequest plain = JobRequest.of("gpt-4o-mini", "file-1");
    assertNull(plain.methodBody(), "no method object unless asked");
    assertEquals(Map.of("model", "gpt-4o-mini", "training_file", "file-1"), plain.body());

    JobRequest hp = new JobRequest("m", "file-1", "file-2", "s", 3L, Map.of("n_epochs", 2));
    assertEquals(
        Map.of(
            "type", "supervised", "supervised", Map.of("hyperparameters", Map.of("n_epochs", 2))),
        hp.methodBody());
    assertEquals("file-2", hp.body().get("validation_file"));
    assertEquals(3L, hp.body().get("seed"));
  }

  @Test
  void dpoWithBetaAndMetadata() {
    JobRequest r =
        new JobRequest(
            "m", "file-1", null, null, null, Map.of("beta", 0.1), "dpo", Map.of("team", "x"), null);
    assertEquals(
        Map.of("type", "dpo", "dpo", Map.of("hyperparameters", Map.of("beta", 0.1))),
        r.methodBody());
    assertEquals(Map.of("team", "x"), r.body().get("metadata"));
    JobRequest bare = new JobRequest("m", "file-1", null, null, null, Map.of(), "dpo", null, null);
    assertEquals(Map.of("type", "dpo", "dpo", Map.of()), bare.methodBody());
    assertEquals(
        List.of("method", "model", "training_file"), new ArrayList<>(bare.body().keySet()));
    assertEquals("file-9", bare.withFiles("file-9", null).trainingFile());
    assertEquals("dpo", bare.withFiles("file-9", null).method());
  }

  private static Job job(String id, String status) {
    return new Job(
        id, status, "m", null, null, 1L, null, null, null, "file-1", null, null, null, null, null,
        null, null, null, null);
  }

  /**
   * A gateway whose only real method is {@code listJobs(after, limit)} over {@code all}, newest
   * first.
   */
  private static LifecycleGateway pagedJobs(List<Job> all, List<String> calls) {
    InvocationHandler h =
        (proxy, method, args) -> {
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          if (method.getName().equals("listJobs")
              && args.length == 2
              && (args[0] == null || args[0] instanceof String)) {
            String after = (String) args[0];
            int limit = (Integer) args[1];
            calls.add(after + "/" + limit);
            int start = 0;
            if (after != null) {
              start = all.stream().map(Job::id).toList().indexOf(after) + 1;
            }
            int end = Math.min(all.size(), start + limit);
            return new Page<>(all.subList(start, end), end < all.size());
          }
          throw new UnsupportedOperationException(method.getName());
        };
    return (LifecycleGateway)
        Proxy.newProxyInstance(
            LifecycleGateway.class.getClassLoader(), new Class<?>[] {LifecycleGateway.class}, h);
  }

  @Test
  void statusFilterReadsPagesUntilTheLimitOrTheEnd() {
    List<Job> all = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      all.add(job("ftjob-" + i, i % 50 == 49 ? "failed" : "succeeded"));
    }
    List<String> calls = new ArrayList<>();
    List<Job> failed = pagedJobs(all, calls).listJobsWithStatus("failed", 10);
    assertEquals(
        List.of("ftjob-49", "ftjob-99", "ftjob-149", "ftjob-199", "ftjob-249"),
        failed.stream().map(Job::id).toList());
    assertEquals(List.of("null/100", "ftjob-99/100", "ftjob-199/100"), calls);

    calls.clear();
    List<Job> two = pagedJobs(all, calls).listJobsWithStatus("failed", 2);
    assertEquals(List.of("ftjob-49", "ftjob-99"), two.stream().map(Job::id).toList());
    assertEquals(List.of("null/100"), calls, "stops once it has enough");

    calls.clear();
    List<Job> newest = pagedJobs(all, calls).listJobsWithStatus(null, 5);
    assertEquals(5, newest.size());
    assertEquals(List.of("null/5"), calls, "no filter: one page of the limit");
  }
}
