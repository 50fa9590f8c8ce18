package dev.openaift.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvaluationTest {
  static final String[] REFS = {"pos", "neg", "neu", "pos"};

  static Evaluation.Result result() {
    ModelAnswers a = ModelAnswers.of("base", "Pos.", "pos", "maybe", "neg");
    ModelAnswers b = ModelAnswers.of("ft:x", "pos", "neg", "neu", null);
    return Evaluation.run(
        new Evaluation.Spec(
            REFS,
            List.of(a, b),
            List.of(Metric.EXACT, Metric.NORMALISED_EXACT, Metric.TOKEN_F1, Metric.CLASSIFICATION),
            Set.of("rare"),
            200,
            1,
            10,
            null));
  }

  static EvalMeta meta() {
    return new EvalMeta(
        "valid.jsonl",
        "ab".repeat(32),
        "expected",
        new long[] {1, 2, 3, 5},
        new String[] {"one", "two, \"quoted\"", "three\nlines", "<b>four</b>"},
        Instant.parse("2026-11-29T12:00:00Z"),
        null,
        4,
        Map.of());
  }

  @Test
  void scoresPerModelAndPairs() {
    Evaluation.Result r = result();
    Evaluation.ModelResult base = r.models().get(0);
    Evaluation.ModelResult ft = r.models().get(1);
    // base: exact 0 of 4; normalised: "Pos." = pos only -> 1/4
    assertEquals(0.0, base.summaries().get(Metric.EXACT).mean());
    assertEquals(0.25, base.summaries().get(Metric.NORMALISED_EXACT).mean());
    // ft: 3 answers, all exact; the unanswered example is left out of the mean
    assertEquals(1.0, ft.summaries().get(Metric.EXACT).mean());
    assertEquals(3, ft.summaries().get(Metric.EXACT).n());
    assertEquals(3, ft.answered());
    // ft classification: the missing answer counts as 'other' in the matrix (row pos, last column)
    assertEquals(3, ft.classification().correct());
    assertEquals(
        1, ft.classification().confusion()[2][4]); // labels neg, neu, pos, rare; other last
    // pair base -> ft on exact over the 3 examples both answered: 0 vs 1
    Evaluation.Comparison c = r.comparisons().get(0);
    assertEquals(Metric.EXACT, c.metric());
    assertEquals(3, c.difference().n());
    assertEquals(1.0, c.difference().diff());
    assertEquals(0, c.mcnemar().aOnly());
    assertEquals(3, c.mcnemar().bOnly());
    assertEquals(0.25, c.mcnemar().pValue(), 1e-15); // 2 * (1/2)^3
    assertNull(r.comparisons().get(2).mcnemar(), "token F1 is not yes/no");
    // disagreements ranked by token F1 spread: examples 1 and 2 (index 1: pos vs neg = 1, index 2:
    // 0 vs 1)
    assertEquals(Metric.TOKEN_F1, r.disagreementMetric());
    assertEquals(
        List.of(1, 2), r.disagreements().stream().map(Evaluation.Disagreement::index).toList());
  }

  @Test
  void jsonHasStableSortedKeysAndNullsForUndefined() throws Exception {
    byte[] json = EvalJson.write(result(), meta());
    JsonNode n = new ObjectMapper().readTree(json);
    assertEquals("openai-ft.eval", n.get("format").asText());
    assertEquals(
        List.of("base", "ft:x"),
        List.of(n.at("/model_order/0").asText(), n.at("/model_order/1").asText()));
    assertEquals(0.25, n.at("/models/base/metrics/normalised_exact/mean").asDouble());
    assertTrue(n.at("/models/ft:x/classification/per_class/rare/f1").isNull());
    assertEquals(5, n.at("/disagreements/examples/0/line").asInt() + 3); // index 1 is line 2
    String text = new String(json, StandardCharsets.UTF_8);
    assertTrue(text.indexOf("\"against\"") < text.indexOf("\"bootstrap\""), "sorted keys");
    assertEquals(
        text,
        new String(EvalJson.write(result(), meta()), StandardCharsets.UTF_8),
        "deterministic");
  }

  @Test
  void csvHasOneRowPerExampleAndModel() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Evaluation.Result r = result();
    EvalCsv.write(
        r,
        meta(),
        REFS,
        List.of(
            ModelAnswers.of("base", "Pos.", "pos", "maybe", "neg"),
            ModelAnswers.of("ft:x", "pos", "neg", "neu", null)),
        out);
    String csv = out.toString(StandardCharsets.UTF_8);
    String[] lines = csv.split("\r\n");
    assertEquals(
        "index,line,model,prompt,reference,answer,exact,normalised_exact,token_f1,classification",
        lines[0]);
    assertEquals("0,1,base,one,pos,Pos.,0,1,1,1", lines[1]);
    assertEquals("1,2,base,\"two, \"\"quoted\"\"\",neg,pos,0,0,0,0", lines[3]);
    assertEquals("2,3,ft:x,three lines,neu,neu,1,1,1,1", lines[6]);
    assertEquals("3,5,ft:x,<b>four</b>,pos,,,,,", lines[8]);
    assertEquals(9, lines.length);
  }
}
