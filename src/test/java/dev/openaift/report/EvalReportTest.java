package dev.openaift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.eval.EvalMeta;
import dev.openaift.eval.Evaluation;
import dev.openaift.eval.Judge;
import dev.openaift.eval.Metric;
import dev.openaift.eval.ModelAnswers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalReportTest {
  static final String SCRIPT = "<script>alert(1)</script>";
  static final String[] REFS = {"pos", "neg", "neu", SCRIPT};
  static final List<ModelAnswers> ANSWERS =
      List.of(
          ModelAnswers.of("base", "Pos.", "pos", "maybe", "neg"),
          ModelAnswers.of("ft:x", "pos", "neg", "neu", SCRIPT));

  @TempDir Path tmp;

  static EvalReport.Input input(boolean judge) {
    Evaluation.Result r =
        Evaluation.run(
            new Evaluation.Spec(
                REFS,
                ANSWERS,
                List.of(Metric.EXACT, Metric.TOKEN_F1, Metric.CLASSIFICATION),
                Set.of(),
                100,
                1,
                10,
                null));
    Judge.Result j = null;
    if (judge) {
      Judge.Verdict[] aFirst = {
        Judge.Verdict.SECOND, Judge.Verdict.SECOND, Judge.Verdict.FIRST, Judge.Verdict.TIE
      };
      Judge.Verdict[] bFirst = {
        Judge.Verdict.FIRST, Judge.Verdict.FIRST, Judge.Verdict.FIRST, Judge.Verdict.UNREADABLE
      };
      j = Judge.result("judge-model", List.of(Judge.pair("base", "ft:x", aFirst, bFirst, 100, 1)));
    }
    EvalMeta meta =
        new EvalMeta(
            "valid.jsonl",
            "ab".repeat(32),
            "expected",
            new long[] {1, 2, 3, 4},
            new String[] {"one", "two", "three", SCRIPT},
            Instant.parse("2026-11-29T12:00:00Z"),
            j,
            4,
            Map.of());
    return new EvalReport.Input(r, meta, REFS, ANSWERS);
  }

  static Map<String, String> facts(Element dl) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    var dts = dl.select("dt");
    var dds = dl.select("dd");
    for (int i = 0; i < dts.size(); i++) {
      out.put(dts.get(i).text(), dds.get(i).text());
    }
    return out;
  }

  @Test
  void pageHasSummaryConfusionJudgeAndDisagreementsAllEscaped() throws Exception {
    Map<String, byte[]> files = EvalReport.render(input(true), null);
    assertEquals(
        List.of("eval.html", "eval.ipynb", "figures/confusion-1.png", "figures/confusion-2.png"),
        new ArrayList<>(files.keySet()));
    String html = new String(files.get("eval.html"), StandardCharsets.UTF_8);
    assertFalse(html.contains(SCRIPT), "answers are escaped");
    assertFalse(html.contains("http://") || html.contains("https://"), "no external URL");
    Document d = Jsoup.parse(html);
    assertEquals("Evaluation of base vs ft:x", d.selectFirst("h1").text());
    assertEquals("4", facts(d.selectFirst("dl.facts")).get("examples"));

    Element summary = d.getElementById("cell-summary");
    assertNotNull(summary);
    var head = summary.select("thead th");
    assertEquals(List.of("metric", "base", "ft:x"), head.eachText());
    Element exact = summary.select("tbody tr").first();
    assertEquals(List.of("exact", "0.0000", "1.0000"), exact.select("td").eachText());

    Element comparisons = d.getElementById("cell-comparisons");
    assertEquals("base", comparisons.selectFirst("tbody tr td").text());

    Element figure = d.selectFirst("#cell-confusion-1 img");
    assertTrue(figure.attr("src").startsWith("data:image/png;base64,"));
    var png = ImageIO.read(new ByteArrayInputStream(files.get("figures/confusion-1.png")));
    assertEquals(EvalReport.FIG_W, png.getWidth());

    // base's confusion table: labels are the expected answers (the script text is a label, escaped)
    Element table = d.getElementById("cell-confusion-table-1");
    List<String> cols = table.select("thead th").eachText();
    assertEquals(List.of("expected \\ answer", SCRIPT, "neg", "neu", "pos", "other"), cols);
    // base answered "maybe" for neu: other
    assertEquals(
        List.of("neu", "0", "0", "0", "0", "1"),
        table.select("tbody tr").get(2).select("td").eachText());

    Element judge = d.getElementById("cell-judge");
    assertTrue(
        judge
            .selectFirst("pre.in-text")
            .text()
            .contains("Which answer matches the reference better?"));
    // preferences: (1+1)/2, (1+1)/2, (0+1)/2, tie 0.5 only -> mean (1 + 1 + 0.5 + 0.5) / 4 = 0.75
    assertEquals(
        List.of("base", "ft:x", "4", "0.7500"),
        judge.select("tbody tr td").eachText().subList(0, 4));

    Element dis = d.getElementById("cell-disagreements");
    // spreads: example 1 none, examples 2, 3 and 4 all 1: ties in file order
    assertEquals(
        List.of("2", "3", "4"),
        dis.select("tbody tr").stream().map(r -> r.selectFirst("td").text()).toList());
    assertTrue(dis.text().contains(SCRIPT), "shown as text");
  }

  @Test
  void notebookIsValidJsonWithFigureAndTables() throws Exception {
    byte[] nb = EvalReport.render(input(false), null).get("eval.ipynb");
    JsonNode n = new ObjectMapper().readTree(nb);
    assertEquals(4, n.get("nbformat").asInt());
    List<String> ids = new ArrayList<>();
    n.get("cells").forEach(c -> ids.add(c.get("id").asText()));
    assertTrue(
        ids.containsAll(
            List.of(
                "title",
                "setup",
                "summary",
                "confusion-1",
                "confusion-table-1",
                "per-class-1",
                "disagreements")),
        ids.toString());
    JsonNode fig = n.get("cells").get(ids.indexOf("confusion-1"));
    assertTrue(fig.at("/outputs/0/data/image~1png").asText().length() > 100);
  }
}
