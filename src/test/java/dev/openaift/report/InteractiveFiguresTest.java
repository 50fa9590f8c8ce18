package dev.openaift.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.metrics.JobAnalysis;
import dev.openaift.metrics.MetricSeries;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class InteractiveFiguresTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int COLUMNS = ReportOptions.DEFAULT_WIDTH;

  @Test
  void everyPointTraceCarriesTheMarkerItsCaptionNames() throws Exception {
    // the page drew circles for checkpoints while the caption said diamonds: now the page draws
    // the marker the data names, the one the PNG, the notebook and the caption take from Style
    JobAnalysis a = ReportRenderer.withDefaults(TestAnalyses.sample());
    List<FigurePlan> plans = FigurePlanner.plan(a);
    JsonNode data = JSON.readTree(InteractiveFigures.data(plans, a, COLUMNS));
    for (FigurePlan p : plans) {
      for (JsonNode t : figure(data, p.id()).get("traces")) {
        dev.openaift.plot.Style style = dev.openaift.plot.Style.valueOf(t.get("style").asText());
        if (style.marker() == null) {
          assertFalse(t.has("marker"), t.toString());
        } else {
          assertEquals(style.marker().word(), t.path("marker").asText(), t.toString());
        }
      }
    }
    JsonNode loss = figure(data, "loss");
    assertEquals("diamond", trace(loss, "Checkpoints").get("marker").asText());
    String caption = String.join("\n", plans.get(0).caption(0.6, 10));
    assertTrue(caption.contains("checkpoints: 3 (diamonds)"), caption);
    assertTrue(caption.matches("(?s).*best checkpoint \\(step [0-9]+\\) \\(square\\).*"), caption);
    StreamSupport.stream(loss.get("traces").spliterator(), false)
        .filter(t -> t.get("style").asText().equals("HIGHLIGHT"))
        .forEach(t -> assertEquals("square", t.get("marker").asText()));
  }

  @Test
  void everyFigureOfThePlanIsThereWithEveryDrawnTrace() throws Exception {
    JobAnalysis a = ReportRenderer.withDefaults(TestAnalyses.sample());
    List<FigurePlan> plans = FigurePlanner.plan(a);
    JsonNode data = JSON.readTree(InteractiveFigures.data(plans, a, COLUMNS));
    assertEquals(0.6, data.get("weight").asDouble());
    assertEquals(plans.stream().map(FigurePlan::id).toList(), ids(data));
    for (int i = 0; i < plans.size(); i++) {
      List<String> drawn =
          plans.get(i).toFigure(a, new StepAxis()).traces().stream().map(t -> t.name()).toList();
      List<String> labels =
          StreamSupport.stream(data.get("figures").get(i).get("traces").spliterator(), false)
              .map(t -> t.get("label").asText())
              .toList();
      assertEquals(drawn, labels, plans.get(i).id());
    }
  }

  @Test
  void smoothedLinesOfAShortJobAreTheReportsValuesAndRunsOfOnePoint() throws Exception {
    JobAnalysis a = ReportRenderer.withDefaults(TestAnalyses.sample());
    JsonNode loss =
        figure(JSON.readTree(InteractiveFigures.data(FigurePlanner.plan(a), a, COLUMNS)), "loss");
    JsonNode smoothed = trace(loss, "train loss, EMA 0.6");
    MetricSeries train = a.series("train_loss");
    assertArrayEquals(train.smoothed(), doubles(smoothed.get("y")));
    assertArrayEquals(train.values(), doubles(smoothed.get("raw")));
    assertArrayEquals(train.values(), doubles(smoothed.get("m")));
    assertTrue(
        StreamSupport.stream(smoothed.get("n").spliterator(), false).allMatch(n -> n.asInt() == 1));
    assertFalse(smoothed.get("reduced").asBoolean());
  }

  @Test
  void aMillionStepJobIsReducedPerPixelColumnWithTheExactSmoothedValuesAtTheKeptSteps()
      throws Exception {
    JobAnalysis a = ReportRenderer.withDefaults(RenderBenchmark.analysis(1_000_000, 100));
    JsonNode data = JSON.readTree(InteractiveFigures.data(FigurePlanner.plan(a), a, COLUMNS));
    MetricSeries train = a.series("train_loss");
    for (JsonNode f : data.get("figures")) {
      for (JsonNode t : f.get("traces")) {
        assertTrue(
            t.get("x").size() <= 2 * COLUMNS + 2,
            f.get("id") + " / " + t.get("label") + ": " + t.get("x").size());
      }
    }
    JsonNode smoothed = trace(figure(data, "loss"), "train loss, EMA 0.6");
    assertTrue(smoothed.get("reduced").asBoolean());
    long total = 0;
    double[] x = doubles(smoothed.get("x"));
    double[] y = doubles(smoothed.get("y"));
    for (int k = 0; k < x.length; k++) {
      int i = (int) x[k] - 1; // steps 1..n, one point each
      assertEquals(train.smoothed()[i], y[k], 0.0, "smoothed on the full data at step " + x[k]);
      total += smoothed.get("n").get(k).asLong();
    }
    assertEquals(train.size(), total, "every raw point is counted in exactly one run");
  }

  @Test
  void theWholePageOfAMillionStepJobStaysUnderThreeMegabytes() {
    Map<String, byte[]> files =
        ReportRenderer.render(RenderBenchmark.analysis(1_000_000, 100), ReportOptions.defaults());
    byte[] html = files.get(ReportRenderer.HTML_FILE);
    assertTrue(html.length < 3_000_000, "index.html is " + html.length + " bytes");
    Document page = Jsoup.parse(new String(html, StandardCharsets.UTF_8));
    assertNotNull(page.selectFirst("script#figure-data"));
    assertEquals(page.select("section img").size(), page.select("[data-figure]").size());
  }

  @Test
  void theLicenceAndTheSmoothingWeightAreInThePage() {
    byte[] html =
        ReportRenderer.render(TestAnalyses.sample(), ReportOptions.defaults())
            .get(ReportRenderer.HTML_FILE);
    Document page = Jsoup.parse(new String(html, StandardCharsets.UTF_8));
    assertTrue(page.selectFirst("pre.licence").text().startsWith("The MIT License (MIT)"));
    assertTrue(page.selectFirst("pre.licence").text().contains("Leon Sorokin"));
    assertEquals("smoothed final (EMA 0.6)", page.select("table.metrics th").last().text());
  }

  @Test
  void scriptSafeJsonCannotCloseItsElement() throws Exception {
    String json = JSON.writeValueAsString(Map.of("label", "</script><b>&"));
    String safe = InteractiveFigures.scriptSafe(json);
    assertFalse(safe.contains("<") || safe.contains(">") || safe.contains("&"));
    assertEquals("</script><b>&", JSON.readTree(safe).get("label").asText());
    // the line separators JavaScript reads as line ends, and the text around each escape
    String lines = JSON.writeValueAsString(Map.of("label", "a\u2028b\u2029c<d"));
    assertEquals("{\"label\":\"a\\u2028b\\u2029c\\u003cd\"}", InteractiveFigures.scriptSafe(lines));
    String plain = "{\"x\":[1,2.5]}";
    assertSame(plain, InteractiveFigures.scriptSafe(plain), "nothing to escape: not copied");
  }

  @Test
  void numbersAreTheShortestThatReadBack() {
    // Java 17's Double.toString gives 8.5408298743460826E17 and 1.0E-5 takes its slow path; the
    // figures' numbers are written as metrics.csv writes them (Schubfach), the same on every JDK
    double[] y = {8.540829874346083E17, 1.0526315789473684E-5, 2.5};
    dev.openaift.plot.Figure f =
        new dev.openaift.plot.Figure(
            "learning_rate",
            "step",
            "rate",
            List.of(
                dev.openaift.plot.Trace.of(
                    "learning rate",
                    new double[] {1, 2, 3},
                    y,
                    dev.openaift.plot.Style.LINE,
                    "#1f77b4")),
            List.of());
    String json =
        InteractiveFigures.data(0.6, List.of(new InteractiveFigures.Drawn("lr", f, null)), COLUMNS);
    assertTrue(json.contains("\"y\":[8.540829874346083E17,1.0526315789473684E-5,2.5]"), json);
  }

  private static List<String> ids(JsonNode data) {
    return StreamSupport.stream(data.get("figures").spliterator(), false)
        .map(f -> f.get("id").asText())
        .toList();
  }

  private static JsonNode figure(JsonNode data, String id) {
    for (JsonNode f : data.get("figures")) {
      if (f.get("id").asText().equals(id)) {
        return f;
      }
    }
    throw new AssertionError("no figure " + id);
  }

  private static JsonNode trace(JsonNode figure, String label) {
    for (JsonNode t : figure.get("traces")) {
      if (t.get("label").asText().equals(label)) {
        return t;
      }
    }
    throw new AssertionError("no trace " + label + " in " + figure.get("id"));
  }

  private static double[] doubles(JsonNode a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).isNull() ? Double.NaN : a.get(i).asDouble();
    }
    return out;
  }
}
