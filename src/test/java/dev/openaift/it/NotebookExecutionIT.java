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
 * Executes the generated {@code report.ipynb} top to bottom with Jupyter's nbconvert (a stock kernel
 * with pandas and matplotlib), and checks every code cell ran and the figures came out again.
 */
class NotebookExecutionIT {
  @TempDir Path tmp;

  @Test
  void notebookRunsTopToBottom() throws Exception {
    Path jupyter = ExternalTools.jupyter();
    Path out = tmp.resolve("out");
    JarRunner.Result r = JarRunner.run(tmp, "report", ReportFixtures.SUCCEEDED.toString(), "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(Files.isRegularFile(out.resolve("metrics.csv")));

    ProcessBuilder pb =
        new ProcessBuilder(
                jupyter.toString(), "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=120", "--output", "executed.ipynb", "report.ipynb")
            .directory(out.toFile())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("nbconvert.log").toFile());
    // no MPLBACKEND: the kernel's inline backend must capture the figures as a user's Jupyter would
    pb.environment().remove("MPLBACKEND");
    pb.environment().put("HOME", tmp.toString());
    Process p = pb.start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "nbconvert did not finish");
    String log = Files.readString(tmp.resolve("nbconvert.log"), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "nbconvert failed:\n" + log);

    JsonNode nb = new ObjectMapper().readTree(out.resolve("executed.ipynb").toFile());
    int code = 0;
    int images = 0;
    for (JsonNode cell : nb.path("cells")) {
      if (!cell.path("cell_type").asText().equals("code")) {
        continue;
      }
      code++;
      assertFalse(cell.path("execution_count").isNull(), "a code cell did not run: " + cell.path("source"));
      for (JsonNode o : cell.path("outputs")) {
        assertFalse(o.path("output_type").asText().equals("error"), "a cell raised: " + o);
        if (o.path("data").has("image/png")) {
          images++;
        }
      }
    }
    assertTrue(code >= 3, "expected several code cells, got " + code);
    assertTrue(images >= 2, "executing the notebook should redraw the figures, got " + images + " images");
  }
}
