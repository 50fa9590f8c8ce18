package dev.openaift.archive;

import dev.openaift.Await;
import dev.openaift.api.FileInfo;
import dev.openaift.api.JobRequest;
import dev.openaift.api.LifecycleGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An account on the sandbox with every kind of job a backup must keep: supervised jobs sharing one
 * training file (half of them a validation file too), jobs with files of their own, DPO jobs on
 * preference data, reinforcement jobs with a grader (two sharing their files), jobs that fail
 * validation (two of them sharing one unusable file) and jobs cancelled before training: 34 jobs.
 */
public final class BackupAccount {
  public static final String MODEL = "gpt-4o-mini-2024-07-18";
  public static final String RL_MODEL = "o4-mini-2025-04-16";
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

  private BackupAccount() {}

  /**
   * What was made.
   *
   * @param uploads every uploaded file's id and content
   */
  public record Made(
      List<String> jobIds,
      List<String> sharedFiles,
      List<String> failed,
      List<String> cancelled,
      List<String> dpo,
      List<String> reinforcement,
      Map<String, byte[]> uploads) {}

  /** Creates the 34 jobs and waits until every one has ended. */
  public static Made create(LifecycleGateway g, URI baseUrl, String key) {
    return create(g, baseUrl, key, 12, 6, 4, 4, 4, 4);
  }

  /**
   * Every kind of job of {@link #create} but fewer of each (4 shared, 2 own, 2 DPO, 3
   * reinforcement, 3 failed, 2 cancelled: 16 jobs), for tests that run whole backups many times.
   */
  public static Made createSmall(LifecycleGateway g, URI baseUrl, String key) {
    return create(g, baseUrl, key, 4, 2, 2, 3, 3, 2);
  }

  /**
   * Creates the jobs (how many of each kind; reinforcement and failed need 3 to have one of their
   * own).
   */
  private static Made create(
      LifecycleGateway g,
      URI baseUrl,
      String key,
      int sharedJobs,
      int ownJobs,
      int dpoJobs,
      int rlJobs,
      int failedJobs,
      int cancelledJobs) {
    List<String> jobs = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> cancelled = new ArrayList<>();
    List<String> dpo = new ArrayList<>();
    List<String> rl = new ArrayList<>();
    Map<String, byte[]> uploads = new LinkedHashMap<>();
    FileInfo shared = upload(g, uploads, "shared-train.jsonl", examples(12, 0));
    FileInfo sharedValid = upload(g, uploads, "shared-valid.jsonl", examples(4, 100));
    for (int i = 0; i < sharedJobs; i++) {
      jobs.add(
          g.createJob(
                  new JobRequest(
                      MODEL,
                      shared.id(),
                      i % 2 == 0 ? sharedValid.id() : null,
                      "shared" + i,
                      (long) i,
                      Map.of("n_epochs", 2)))
              .id());
    }
    for (int i = 0; i < ownJobs; i++) {
      FileInfo own = upload(g, uploads, "own-" + i + ".jsonl", examples(10 + i, 1000 * (i + 1)));
      jobs.add(
          g.createJob(
                  new JobRequest(MODEL, own.id(), null, "own" + i, 40L + i, Map.of("n_epochs", 1)))
              .id());
    }
    for (int i = 0; i < dpoJobs; i++) {
      FileInfo own = upload(g, uploads, "dpo-" + i + ".jsonl", preferences(10 + i, 100 * i));
      String id =
          g.createJob(
                  new JobRequest(
                      MODEL,
                      own.id(),
                      null,
                      "dpo" + i,
                      60L + i,
                      Map.of("n_epochs", 1, "beta", 0.1 * (i + 1)),
                      "dpo",
                      Map.of(),
                      null))
              .id();
      jobs.add(id);
      dpo.add(id);
    }
    FileInfo rlTrain = upload(g, uploads, "rft-train.jsonl", graded(12, 0));
    FileInfo rlValid = upload(g, uploads, "rft-valid.jsonl", graded(4, 50));
    for (int i = 0; i < rlJobs; i++) {
      String train =
          i < 2
              ? rlTrain.id()
              : upload(g, uploads, "rft-" + i + ".jsonl", graded(8 + i, 100 * i)).id();
      String id =
          createReinforcement(
              baseUrl,
              key,
              train,
              i < 2 ? rlValid.id() : null,
              "rft" + i,
              i % 2 == 0 ? "low" : "medium");
      jobs.add(id);
      rl.add(id);
    }
    FileInfo bad = upload(g, uploads, "unusable.jsonl", unusable(5));
    for (int i = 0; i < failedJobs; i++) {
      String file =
          i < 2 ? bad.id() : upload(g, uploads, "unusable-" + i + ".jsonl", unusable(3 + i)).id();
      String id = g.createJob(new JobRequest(MODEL, file, null, "bad" + i, 80L + i, Map.of())).id();
      jobs.add(id);
      failed.add(id);
    }
    for (int i = 0; i < cancelledJobs; i++) {
      // long jobs (2,000 steps), cancelled at once; on a machine so slow that one ends first,
      // another is made
      FileInfo own = upload(g, uploads, "cancel-" + i + ".jsonl", examples(200, 9000 * (i + 1)));
      for (int attempt = 0; ; attempt++) {
        String id =
            g.createJob(
                    new JobRequest(
                        MODEL,
                        own.id(),
                        null,
                        "cancel" + i,
                        90L + i,
                        Map.of("n_epochs", 10, "batch_size", 1)))
                .id();
        jobs.add(id);
        try {
          g.cancel(id);
          cancelled.add(id);
          break;
        } catch (dev.openaift.api.ApiException ended) {
          if (attempt >= 3 || ended.statusCode() != 409) {
            throw ended;
          }
        }
      }
    }
    awaitAllEnded(g, jobs);
    return new Made(
        List.copyOf(jobs),
        List.of(shared.id(), sharedValid.id(), rlTrain.id(), bad.id()),
        failed,
        cancelled,
        dpo,
        rl,
        uploads);
  }

  /**
   * A reinforcement job (its grader is a string check) through the REST API: our gateway sends no
   * graders.
   */
  static String createReinforcement(
      URI baseUrl, String key, String train, String valid, String suffix, String effort) {
    String body =
        "{\"model\":\""
            + RL_MODEL
            + "\",\"training_file\":\""
            + train
            + "\""
            + (valid == null ? "" : ",\"validation_file\":\"" + valid + "\"")
            + ",\"suffix\":\""
            + suffix
            + "\",\"method\":{\"type\":\"reinforcement\",\"reinforcement\":{\"grader\":{\"type\":\"string_check\","
            + "\"name\":\"exact\",\"input\":\"{{sample.output_text}}\",\"reference\":\"{{item.reference_answer}}\","
            + "\"operation\":\"eq\"},\"hyperparameters\":{\"n_epochs\":1,\"batch_size\":2,\"eval_interval\":2,"
            + "\"reasoning_effort\":\""
            + effort
            + "\"}}}}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/fine_tuning/jobs"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    for (int attempt = 0; ; attempt++) {
      try {
        HttpResponse<String> r =
            HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        Matcher m = ID.matcher(r.body());
        if (r.statusCode() == 200 && m.find()) {
          return m.group(1);
        }
        if (r.statusCode() < 500 && r.statusCode() != 429 || attempt > 5) {
          throw new AssertionError("reinforcement job refused: " + r.statusCode() + " " + r.body());
        }
      } catch (IOException e) {
        if (attempt > 5) {
          throw new AssertionError(e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Waits (polling, 180 s at most) until every job is succeeded, failed or cancelled. */
  public static void awaitAllEnded(LifecycleGateway g, List<String> jobIds) {
    Await.until(
        "every job to end",
        Duration.ofSeconds(180),
        () -> jobIds.stream().filter(id -> !g.getJob(id).isTerminal()).toList(),
        List::isEmpty);
  }

  static FileInfo upload(
      LifecycleGateway g, Map<String, byte[]> uploads, String name, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    FileInfo f = g.uploadFile(name, bytes);
    uploads.put(f.id(), bytes);
    return f;
  }

  /** {@code n} distinct chat examples, numbered from {@code from}. */
  public static String examples(int n, int from) {
    StringBuilder sb = new StringBuilder();
    for (int i = from + 1; i <= from + n; i++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "{\"messages\":[{\"role\":\"user\",\"content\":\"What is the colour of planet number"
                  + " %d?\"},{\"role\":\"assistant\",\"content\":\"Planet %d is painted shade"
                  + " %d.\"}]}%n",
              i,
              i,
              i * 7));
    }
    return sb.toString();
  }

  static String preferences(int n, int from) {
    StringBuilder sb = new StringBuilder();
    for (int i = from + 1; i <= from + n; i++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"Name fruit number"
                  + " %d\"}]},\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"Fruit %d"
                  + " is a"
                  + " mango.\"}],\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"No"
                  + " idea.\"}]}%n",
              i,
              i));
    }
    return sb.toString();
  }

  static String graded(int n, int from) {
    StringBuilder sb = new StringBuilder();
    for (int i = from + 1; i <= from + n; i++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "{\"messages\":[{\"role\":\"user\",\"content\":\"What is %d plus"
                  + " %d?\"}],\"reference_answer\":\"%d\"}%n",
              i,
              i,
              2 * i));
    }
    return sb.toString();
  }

  /** Lines that are not JSON at all: the job fails validation. */
  static String unusable(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      sb.append("question ").append(i).append(" -> answer ").append(i).append('\n');
    }
    return sb.toString();
  }
}
