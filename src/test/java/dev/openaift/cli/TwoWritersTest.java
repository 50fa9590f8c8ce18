package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.job.Job;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two commands writing into one archive at once take turns: neither fails half way, nothing goes
 * missing.
 */
class TwoWritersTest {
  @TempDir Path tmp;

  @Test
  void twoBackupsIntoOneFolderBothSucceed() throws Exception {
    try (LifecycleSandbox sb = new LifecycleSandbox()) {
      List<String> jobs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        jobs.add(sb.startJob(10 + i, Map.of("n_epochs", 1)));
      }
      jobs.forEach(id -> sb.await(id, Job::isTerminal));
      for (int round = 0; round < 3; round++) {
        Path reports = tmp.resolve("reports-" + round);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<CliRun>> runs = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
          runs.add(
              CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      go.await();
                    } catch (InterruptedException e) {
                      throw new IllegalStateException(e);
                    }
                    return sb.run("backup", "--reports-dir", reports.toString());
                  }));
        }
        go.countDown();
        for (CompletableFuture<CliRun> f : runs) {
          CliRun r = f.get(120, TimeUnit.SECONDS);
          assertEquals(0, r.code(), "round " + round + ": " + r);
          assertFalse(r.err().contains("cannot write"), r.toString());
        }
        for (String id : jobs) {
          assertTrue(
              Files.isRegularFile(reports.resolve(id).resolve("summary.json")),
              "round " + round + ": report of " + id);
        }
        CliRun verify = sb.run("backup", "--verify", "--reports-dir", reports.toString());
        assertEquals(0, verify.code(), verify.toString());
      }
    }
  }

  @Test
  void reportsWhileFollowWritesInterimReportsNeverStopTheFollower() throws Exception {
    try (LiveSandbox sb =
        LiveSandbox.manual(SandboxConfig.defaults().withStepDelayMs(5).withSeed(7), 1)) {
      String id = sb.createJob(10, Map.of("n_epochs", 3));
      Path reports = tmp.resolve("reports");
      CompletableFuture<CliRun> follow =
          CompletableFuture.supplyAsync(
              () ->
                  sb.run(
                      "follow",
                      id,
                      "--reports-dir",
                      reports.toString(),
                      "--poll",
                      "0.01",
                      "--report-every",
                      "0.01"));
      int reported = 0;
      while (!follow.isDone()) {
        CliRun r = sb.run("report", id, "--reports-dir", reports.toString());
        assertEquals(0, r.code(), r.err());
        reported++;
      }
      CliRun f = follow.get(120, TimeUnit.SECONDS);
      assertEquals(0, f.code(), "after " + reported + " reports at once: " + f.err());
      assertTrue(reported > 0);
      assertFalse(
          Files.readString(reports.resolve(id).resolve("index.html")).contains("Still running"));
    }
  }
}
