package dev.openaift.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.eval.EvalCsv;
import dev.openaift.eval.EvalMeta;
import dev.openaift.eval.Evaluation;
import dev.openaift.eval.Metric;
import dev.openaift.eval.ModelAnswers;
import dev.openaift.report.EvalReport;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes an evaluation's {@code eval.ipynb} with nbconvert: every code cell runs, the confusion
 * matrices are redrawn.
 */
class EvalNotebookIT {
  @TempDir Path tmp;

  @Test
  void evalNotebookRunsTopToBottom() throws Exception {
    Path jupyter = ExternalTools.jupyter();
    String[] refs = {"pos", "neg", "neu", "pos", "neg, \"quoted\"\nlabel"};
    List<ModelAnswers> answers =
        List.of(
            ModelAnswers.of("base", "Pos.", "pos", "maybe", "neg", "x"),
            ModelAnswers.of("ft:x", "pos", "neg", "neu", "pos", "neg, \"quoted\"\nlabel"));
    Evaluation.Result r =
        Evaluation.run(
            new Evaluation.Spec(
                refs,
                answers,
                List.of(Metric.EXACT, Metric.TOKEN_F1, Metric.CLASSIFICATION),
                Set.of("rare"),
                200,
                1,
                10));
    EvalMeta meta =
        new EvalMeta(
            "valid.jsonl",
            "ab".repeat(32),
            "expected",
            new long[] {1, 2, 3, 4, 5},
            new String[] {"a", "b", "c", "d", "e"},
            Instant.parse("2026-11-29T12:00:00Z"),
            null);
    Path out = tmp.resolve("eval");
    Files.createDirectories(out);
    for (Map.Entry<String, byte[]> f :
        EvalReport.render(new EvalReport.Input(r, meta, refs, answers), null).entrySet()) {
      Path p = out.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, f.getValue());
    }
    try (OutputStream csv = Files.newOutputStream(out.resolve("eval.csv"))) {
      EvalCsv.write(r, meta, refs, answers, csv);
    }
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
                "eval.ipynb")
            .directory(out.toFile())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("nbconvert.log").toFile());
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
      assertFalse(
          cell.path("execution_count").isNull(), "a code cell did not run: " + cell.path("source"));
      for (JsonNode o : cell.path("outputs")) {
        assertFalse(o.path("output_type").asText().equals("error"), "a cell raised: " + o);
        if (o.path("data").has("image/png")) {
          images++;
        }
      }
    }
    assertTrue(code >= 6, "code cells: " + code);
    assertEquals(2, images, "both confusion matrices are redrawn");
  }
}
