package dev.openaift.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the external programs that consume our outputs (Jupyter's nbconvert, Chromium). A test
 * whose tool is missing is skipped on a developer machine but fails where {@code
 * OPENAIFT_REQUIRE_EXTERNAL_TOOLS=1} (CI installs them in {@code .ci/run}).
 */
final class ExternalTools {
  private ExternalTools() {}

  static Path require(String what, List<String> candidates) {
    return require(what, candidates, Files::isExecutable);
  }

  static Path require(
      String what, List<String> candidates, java.util.function.Predicate<Path> usable) {
    for (String c : candidates) {
      Path p = Paths.get(c);
      if (usable.test(p)) {
        return p;
      }
    }
    String msg = what + " not found (looked for " + candidates + ")";
    if ("1".equals(System.getenv("OPENAIFT_REQUIRE_EXTERNAL_TOOLS"))) {
      fail(msg + "; OPENAIFT_REQUIRE_EXTERNAL_TOOLS=1 requires it");
    }
    Assumptions.assumeTrue(false, msg);
    return null;
  }

  static Path jupyter() {
    return require("jupyter", List.of("/usr/bin/jupyter", "/usr/local/bin/jupyter"));
  }

  static Path node() {
    return require("node", List.of("/usr/bin/node", "/usr/local/bin/node"));
  }

  /**
   * The official Node SDK, installed by {@code npm ci --prefix src/test/node} (done by .ci/run).
   */
  static Path nodeSdkProject() {
    Path project = Paths.get("src/test/node").toAbsolutePath();
    require(
        "the openai npm package (npm ci --prefix src/test/node)",
        List.of(project.resolve("node_modules/openai/package.json").toString()),
        Files::isRegularFile);
    return project;
  }

  static Path chromium() {
    return require(
        "chromium",
        List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));
  }

  /**
   * Runs {@code script} of the Node SDK project with node (the {@code OPENAI_*} variables of this
   * process removed, {@code env} added), output to {@code log}; returns the exit code (-1 when it
   * did not end in 120 s, after killing it).
   */
  static int runNodeScript(String script, java.util.Map<String, String> env, Path log)
      throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(List.of(node().toString(), script))
            .directory(nodeSdkProject().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
      return -1;
    }
    return p.exitValue();
  }
}
