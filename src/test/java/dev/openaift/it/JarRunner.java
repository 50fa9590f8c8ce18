package dev.openaift.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
    pb.redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.PIPE);
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("jar did not finish in 120 s: " + cmd);
    }
    Result r =
        new Result(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return r;
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
  static void awaitLines(Path file, int n, Process p) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        long count = 0;
        for (byte x : Files.readAllBytes(file)) {
          if (x == '\n') {
            count++;
          }
        }
        if (count >= n) {
          return;
        }
      }
      if (!p.isAlive()) {
        org.junit.jupiter.api.Assertions.fail(
            "the process ended before it could be killed (exit " + p.exitValue() + ")");
      }
      Thread.sleep(20);
    }
    p.destroyForcibly();
    org.junit.jupiter.api.Assertions.fail("fewer than " + n + " lines in " + file + " after 60 s");
  }
}
