package dev.openaift.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive's write lock: runs take turns, within one JVM and between processes. */
class ArchiveLockTest {
  @TempDir Path tmp;

  @Test
  void aSecondRunWaitsSaysForWhatAndGoesOnWhenTheFirstEnds() throws Exception {
    Path root = tmp.resolve("reports");
    List<String> said = new CopyOnWriteArrayList<>();
    Archive first = new Archive(root);
    Archive second = new Archive(root, said::add);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Archive.Lock held = first.lock("backup");
      assertNull(second.tryLock("report ftjob-1"), "tryLock gives up while another run holds it");
      CountDownLatch entered = new CountDownLatch(1);
      Future<?> waiting =
          pool.submit(
              () -> {
                try (Archive.Lock l = second.lock("report ftjob-1")) {
                  entered.countDown();
                }
              });
      waitFor(() -> !said.isEmpty());
      assertEquals(1, said.size(), said.toString());
      assertTrue(said.get(0).startsWith("waiting for another openai-ft run"), said.get(0));
      assertTrue(said.get(0).contains("backup"), "says what it waits for: " + said.get(0));
      assertEquals(1, entered.getCount(), "the second run is held up while the first writes");
      held.close();
      waiting.get(30, TimeUnit.SECONDS);
      assertEquals(0, entered.getCount());
      assertNotNull(first.tryLock("again"), "free again once both are done");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void oneRunHoldsItAgainFromAnyOfItsThreads() throws Exception {
    Archive run = new Archive(tmp.resolve("reports"));
    try (Archive.Lock outer = run.lock("backup")) {
      Archive.Lock inner =
          CompletableFuture.supplyAsync(() -> run.tryLock("archiving ftjob-1"))
              .get(30, TimeUnit.SECONDS);
      assertNotNull(inner, "a worker thread of the run holding the lock");
      inner.close();
      assertNull(new Archive(tmp.resolve("reports")).tryLock("other"), "still held by the outer");
    }
    assertNotNull(new Archive(tmp.resolve("reports")).tryLock("other"));
  }

  @Test
  void anotherProcessHoldingTheArchiveIsWaitedForAndNamed() throws Exception {
    Path root = tmp.resolve("reports");
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ArchiveLockHolder.class.getName(),
                root.toString(),
                "backup in the other process")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", out.readLine());
      List<String> said = new CopyOnWriteArrayList<>();
      Archive here = new Archive(root, said::add);
      assertNull(here.tryLock("report"), "held by the other process");
      CompletableFuture<Void> waiting =
          CompletableFuture.runAsync(
              () -> {
                try (Archive.Lock l = here.lock("report")) {
                  // got it
                }
              });
      waitFor(() -> !said.isEmpty());
      assertTrue(
          said.get(0).contains("pid " + holder.pid() + ": backup in the other process"),
          said.get(0));
      assertTrue(!waiting.isDone(), "waits while the other process writes");
      OutputStream in = holder.getOutputStream();
      in.write("\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
      waiting.get(30, TimeUnit.SECONDS);
      assertEquals("released", out.readLine());
    } finally {
      holder.destroyForcibly();
      holder.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aKilledHolderLeavesTheArchiveFree() throws Exception {
    Path root = tmp.resolve("reports");
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ArchiveLockHolder.class.getName(),
                root.toString(),
                "killed")
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", out.readLine());
      assertNull(new Archive(root).tryLock("report"));
      holder.destroyForcibly();
      assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
      assertNotNull(new Archive(root).tryLock("report"), "the OS dropped the dead process's lock");
    } finally {
      holder.destroyForcibly();
    }
  }

  private static void waitFor(Await.Condition fact) {
    Await.until("the second run to say that it waits", Duration.ofSeconds(30), fact);
  }
}
