package dev.openaift.archive;

import dev.openaift.api.FileInfo;
import dev.openaift.api.JobRequest;
import dev.openaift.api.LifecycleGateway;
import dev.openaift.job.Job;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An account on the sandbox with every kind of job a backup must keep: supervised jobs sharing one
 * training file (half of them a validation file too), jobs with files of their own, DPO jobs, jobs
 * that fail validation (two of them sharing one unusable file) and jobs cancelled before training.
 */
public final class BackupAccount {
  public static final String MODEL = "gpt-4o-mini-2024-07-18";

  private BackupAccount() {}

  /** What was made. */
  public record Made(List<String> jobIds, List<String> sharedFiles, List<String> failed, List<String> cancelled) {}

  /** Creates the jobs (at least 30) and waits until every one has ended. */
  public static Made create(LifecycleGateway g) {
    List<String> jobs = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> cancelled = new ArrayList<>();
    FileInfo shared = upload(g, "shared-train.jsonl", examples(12, 0));
    FileInfo sharedValid = upload(g, "shared-valid.jsonl", examples(4, 100));
    for (int i = 0; i < 12; i++) {
      jobs.add(g.createJob(new JobRequest(MODEL, shared.id(), i % 2 == 0 ? sharedValid.id() : null, "shared" + i,
          (long) i, Map.of("n_epochs", 2))).id());
    }
    for (int i = 0; i < 8; i++) {
      FileInfo own = upload(g, "own-" + i + ".jsonl", examples(8 + i, 1000 * (i + 1)));
      jobs.add(g.createJob(new JobRequest(MODEL, own.id(), null, "own" + i, 40L + i, Map.of("n_epochs", 1))).id());
    }
    for (int i = 0; i < 4; i++) {
      FileInfo own = upload(g, "dpo-" + i + ".jsonl", examples(10, 5000 * (i + 1)));
      jobs.add(g.createJob(new JobRequest(MODEL, own.id(), null, "dpo" + i, 60L + i,
          Map.of("n_epochs", 1, "beta", 0.1 * (i + 1)), "dpo", Map.of())).id());
    }
    FileInfo bad = upload(g, "unusable.jsonl", unusable(5));
    for (int i = 0; i < 4; i++) {
      String file = i < 2 ? bad.id() : upload(g, "unusable-" + i + ".jsonl", unusable(3 + i)).id();
      String id = g.createJob(new JobRequest(MODEL, file, null, "bad" + i, 80L + i, Map.of())).id();
      jobs.add(id);
      failed.add(id);
    }
    for (int i = 0; i < 4; i++) {
      FileInfo own = upload(g, "cancel-" + i + ".jsonl", examples(30, 9000 * (i + 1)));
      String id = g.createJob(new JobRequest(MODEL, own.id(), null, "cancel" + i, 90L + i, Map.of("n_epochs", 3))).id();
      g.cancel(id);
      jobs.add(id);
      cancelled.add(id);
    }
    awaitAllEnded(g, jobs);
    return new Made(List.copyOf(jobs), List.of(shared.id(), sharedValid.id(), bad.id()), failed, cancelled);
  }

  /** Waits (polling, 120 s at most) until every job is succeeded, failed or cancelled. */
  public static void awaitAllEnded(LifecycleGateway g, List<String> jobIds) {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    for (String id : jobIds) {
      while (true) {
        Job j = g.getJob(id);
        if (j.isTerminal()) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("job " + id + " did not end in 120 s: " + j.status());
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  static FileInfo upload(LifecycleGateway g, String name, String content) {
    return g.uploadFile(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code n} distinct chat examples, numbered from {@code from}. */
  public static String examples(int n, int from) {
    StringBuilder sb = new StringBuilder();
    for (int i = from + 1; i <= from + n; i++) {
      sb.append(String.format(Locale.ROOT,
          "{\"messages\":[{\"role\":\"user\",\"content\":\"What is the colour of planet number %d?\"},"
              + "{\"role\":\"assistant\",\"content\":\"Planet %d is painted shade %d.\"}]}%n", i, i, i * 7));
    }
    return sb.toString();
  }

  static String unusable(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      sb.append(String.format(Locale.ROOT, "{\"messages\":[{\"role\":\"user\",\"content\":\"Question %d\"}]}%n", i));
    }
    return sb.toString();
  }
}
