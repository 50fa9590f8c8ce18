package dev.openaift.bench;

import dev.openaift.TestClocks;
import dev.openaift.api.Connection;
import dev.openaift.api.FileInfo;
import dev.openaift.api.JobRequest;
import dev.openaift.api.OpenAiGateway;
import dev.openaift.api.Page;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How long {@code openai-ft backup} takes, and how many requests it makes, on an account of many
 * long jobs: N jobs (default 1,000) of 990 steps each, so about 1,000 events per job (every step
 * logs a metrics event, plus the job's own messages), all on the sandbox (in this JVM, on loopback,
 * no faults). The backup runs as a user runs it: {@code target/openai-ft} (the launcher) in its own
 * process. Then a second run over the unchanged account.
 *
 * <p>Run after {@code mvn package}: {@code java -Xmx6g -cp target/test-classes:target/openai-ft.jar
 * dev.openaift.bench.BackupBenchmark [jobs]}. It prints figures and asserts nothing.
 */
public final class BackupBenchmark {
  private static final String KEY = "sk-backup-bench";
  private static final int EXAMPLES = 330;
  private static final int EPOCHS = 3;

  private BackupBenchmark() {}

  public static void main(String[] args) throws Exception {
    Locale.setDefault(Locale.ROOT);
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    Path work = Files.createTempDirectory("openai-ft-backup-bench");
    SandboxConfig config =
        SandboxConfig.defaults()
            .withApiKey(KEY)
            .withStepDelayMs(1)
            .withSeed(1)
            .withClock(TestClocks.today());
    try (Sandbox sandbox = Sandbox.start(config);
        OpenAiGateway g = new OpenAiGateway(Connection.of(KEY, sandbox.baseUrl().toString()))) {
      long t0 = System.nanoTime();
      StringBuilder data = new StringBuilder();
      for (int i = 1; i <= EXAMPLES; i++) {
        data.append(
            String.format(
                Locale.ROOT,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Question %d?\"},"
                    + "{\"role\":\"assistant\",\"content\":\"Answer %d.\"}]}%n",
                i,
                i));
      }
      FileInfo file = g.uploadFile("bench.jsonl", data.toString().getBytes(StandardCharsets.UTF_8));
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        ids.add(
            g.createJob(
                    new JobRequest(
                        "gpt-4o-mini-2024-07-18",
                        file.id(),
                        null,
                        "b" + i,
                        (long) i,
                        Map.of("n_epochs", EPOCHS, "batch_size", 1)))
                .id());
      }
      for (String id : ids) {
        while (!g.getJob(id).isTerminal()) {
          Thread.sleep(50);
        }
      }
      int events = 0;
      String after = null;
      while (true) {
        Page<JobEvent> p = g.listEvents(ids.get(0), after, 100);
        events += p.data().size();
        if (!p.hasMore()) {
          break;
        }
        after = p.last().id();
      }
      Job first = g.getJob(ids.get(0));
      System.out.printf(
          "account: %d jobs, %d events in the first (%s), made in %.1f s%n",
          jobs, events, first.status(), (System.nanoTime() - t0) / 1e9);

      Path archive = work.resolve("archive");
      for (String run : List.of("first", "second")) {
        long before = sandbox.faultStats().requests();
        long start = System.nanoTime();
        int code = backup(sandbox, archive, work.resolve(run + ".log"));
        double seconds = (System.nanoTime() - start) / 1e9;
        long requests = sandbox.faultStats().requests() - before;
        String last =
            Files.readAllLines(work.resolve(run + ".log")).stream()
                .filter(l -> l.startsWith("backup:"))
                .findFirst()
                .orElse("(no summary)");
        System.out.printf(
            "%s backup: exit %d, %,d requests, %.1f s wall (%.1f ms per job); %s%n",
            run, code, requests, seconds, seconds * 1000 / jobs, last);
      }
    }
  }

  private static int backup(Sandbox sandbox, Path archive, Path log) throws Exception {
    Path launcher = Paths.get("target/openai-ft").toAbsolutePath();
    List<String> cmd =
        Files.isExecutable(launcher)
            ? new ArrayList<>(List.of(launcher.toString()))
            : new ArrayList<>(
                List.of(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    Paths.get("target/openai-ft.jar").toAbsolutePath().toString()));
    cmd.addAll(List.of("backup", "--reports-dir", archive.toString()));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
    pb.environment().put("OPENAI_API_KEY", KEY);
    pb.environment().put("OPENAI_ADMIN_KEY", KEY);
    pb.environment().put("OPENAI_BASE_URL", sandbox.baseUrl().toString());
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(3, TimeUnit.HOURS)) {
      p.destroyForcibly();
      throw new IllegalStateException("backup did not end in 3 hours");
    }
    return p.exitValue();
  }
}
