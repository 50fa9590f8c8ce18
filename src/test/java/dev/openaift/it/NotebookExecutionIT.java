package dev.openaift.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes the generated {@code report.ipynb} top to bottom with Jupyter's nbconvert (a stock
 * kernel with pandas and matplotlib), and checks every code cell ran and the figures came out
 * again.
 */
class NotebookExecutionIT {
  @TempDir Path tmp;

  @Test
  void notebookRunsTopToBottom() throws Exception {
    Path out = tmp.resolve("out");
    JarRunner.Result r =
        JarRunner.run(tmp, "report", ReportFixtures.SUCCEEDED.toString(), "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(Files.isRegularFile(out.resolve("metrics.csv")));

    JsonNode nb = execute(out, "report.ipynb");
    int[] counts = count(nb);
    assertTrue(counts[0] >= 3, "expected several code cells, got " + counts[0]);
    assertTrue(
        counts[1] >= 2,
        "executing the notebook should redraw the figures, got " + counts[1] + " images");
  }

  @Test
  void aComparisonsNotebookRunsTopToBottomFromTheJobsMetrics() throws Exception {
    Path reports = tmp.resolve("reports");
    for (String[] j :
        java.util.List.of(
            new String[] {"succeeded", "ftjob-Qk7sLmN2pX4rT9vB"},
            new String[] {"overfit", "ftjob-Ov3rF1tJ0b5xYz88"})) {
      Path dst = Files.createDirectories(reports.resolve(j[1]));
      for (String f :
          java.util.List.of("job.json", "events.jsonl", "checkpoints.json", "results.csv")) {
        Files.copy(ReportFixtures.SUCCEEDED.resolveSibling(j[0]).resolve(f), dst.resolve(f));
      }
    }
    JarRunner.Result r =
        JarRunner.run(
            tmp,
            "compare",
            "ftjob-Qk7sLmN2pX4rT9vB",
            "ftjob-Ov3rF1tJ0b5xYz88",
            "--out",
            reports.resolve("compare-it").toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode nb = execute(reports.resolve("compare-it"), "report.ipynb");
    int[] counts = count(nb);
    assertEquals(4, counts[1], "the four figures are drawn again from the jobs' metrics.csv");
  }

  /** Runs a notebook in its folder with nbconvert; returns the executed notebook. */
  private JsonNode execute(Path dir, String notebook) throws Exception {
    return execute(dir, notebook, tmp);
  }

  /**
   * Runs a notebook in its folder with nbconvert, with {@code scratch} as HOME and for the log;
   * returns the executed notebook. Shared with {@link EvalNotebookIT}.
   */
  static JsonNode execute(Path dir, String notebook, Path scratch) throws Exception {
    Path jupyter = ExternalTools.jupyter();
    ProcessBuilder pb =
        new ProcessBuilder(
                jupyter.toString(),
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--ExecutePreprocessor.timeout=120",
                "--output",
                "executed.ipynb",
                notebook)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(scratch.resolve("nbconvert.log").toFile());
    // no MPLBACKEND: the kernel's inline backend must capture the figures as a user's Jupyter would
    pb.environment().remove("MPLBACKEND");
    pb.environment().put("HOME", scratch.toString());
    Process p = pb.start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "nbconvert did not finish");
    String log = Files.readString(scratch.resolve("nbconvert.log"), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "nbconvert failed:\n" + log);
    return new ObjectMapper().readTree(dir.resolve("executed.ipynb").toFile());
  }

  /** {code cells, images in their outputs}; fails on a cell that did not run or raised. */
  static int[] count(JsonNode nb) {
    int code = 0;
    int images = 0;
    for (JsonNode cell : nb.path("cells")) {
      if (!cell.path("cell_type").asText().equals("code")) {
        continue;
      }
      code++;
      assertFalse(
          cell.path("execution_count").isNull(), "a code cell did not run: " + cell.path("source"));
      for (JsonNode o : cell.path("outputs")) {
        assertFalse(o.path("output_type").asText().equals("error"), "a cell raised: " + o);
        if (o.path("data").has("image/png")) {
          images++;
        }
      }
    }
    return new int[] {code, images};
  }
}
