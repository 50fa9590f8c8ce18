package dev.openaift.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openaift.eval.EvalCsv;
import dev.openaift.eval.EvalMeta;
import dev.openaift.eval.Evaluation;
import dev.openaift.eval.Metric;
import dev.openaift.eval.ModelAnswers;
import dev.openaift.report.EvalReport;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    ExternalTools.jupyter(); // skipped, or failed in CI, when nbconvert is missing
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
                10,
                null));
    EvalMeta meta =
        new EvalMeta(
            "valid.jsonl",
            "ab".repeat(32),
            "expected",
            new long[] {1, 2, 3, 4, 5},
            new String[] {"a", "b", "c", "d", "e"},
            Instant.parse("2026-11-29T12:00:00Z"),
            null,
            5,
            Map.of());
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
    JsonNode nb = NotebookExecutionIT.execute(out, "eval.ipynb", tmp);
    int[] counts = NotebookExecutionIT.count(nb);
    int code = counts[0];
    int images = counts[1];
    assertTrue(code >= 6, "code cells: " + code);
    assertEquals(2, images, "both confusion matrices are redrawn");
  }
}
