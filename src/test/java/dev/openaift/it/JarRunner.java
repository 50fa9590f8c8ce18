package dev.openaift.it;

import dev.openaift.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the shaded jar as a user would: a separate JVM, returning exit code, stdout and stderr. */
final class JarRunner {
  private JarRunner() {}

  record Result(int exitCode, String out, String err) {}

  static Path jar() {
    String p = System.getProperty("openaift.jar", "target/openai-ft.jar");
    return Paths.get(p).toAbsolutePath();
  }

  static Result run(Path workDir, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
    pb.environment().putAll(env);
    Path out = Files.createTempFile("jar-out", ".txt");
    Path err = Files.createTempFile("jar-err", ".txt");
    try {
      pb.redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.PIPE);
      Process p = pb.start();
      try {
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          throw new IllegalStateException("jar did not finish in 120 s: " + cmd);
        }
      } finally {
        kill(p);
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /**
   * Kills {@code p} and every process it started (SIGKILL) unless they have ended, and waits until
   * they are gone (30 s at most, then fails): no process of a test outlives it or writes into files
   * being removed.
   */
  static void kill(Process p) throws InterruptedException {
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    tree.add(p.toHandle());
    for (ProcessHandle h : tree) {
      h.destroyForcibly();
    }
    for (ProcessHandle h : tree) {
      try {
        h.onExit().get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("process " + h.pid() + " still runs 30 s after a kill");
      }
    }
  }

  static Result run(Path workDir, String... args) throws IOException, InterruptedException {
    return run(workDir, Map.of(), args);
  }

  /**
   * Starts the jar and returns at once (for tests that kill it): standard output and error go to
   * {@code log}; {@code workDir} null keeps the test's working directory.
   */
  static Process start(Path workDir, Map<String, String> env, List<String> args, Path log)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
    pb.environment().putAll(env);
    return pb.start();
  }

  /**
   * Waits (60 s at most) until {@code file} holds {@code n} complete lines; fails when {@code p}
   * ends first or time runs out (the process is then killed).
   */
  static void awaitLines(Path file, int n, Process p) throws InterruptedException {
    boolean arrived = false;
    try {
      Await.until(
          n + " complete lines in " + file,
          Duration.ofSeconds(60),
          () -> {
            if (!p.isAlive()) {
              throw new AssertionError(
                  "the process ended before it could be killed (exit " + p.exitValue() + ")");
            }
            return lines(file) >= n;
          });
      arrived = true;
    } finally {
      if (!arrived) {
        kill(p);
      }
    }
  }

  private static long lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    long count = 0;
    for (byte x : Files.readAllBytes(file)) {
      if (x == '\n') {
        count++;
      }
    }
    return count;
  }
}
