package dev.openaift.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NotebookTest {
  private static Map<String, byte[]> files;
  private static JsonNode nb;
  private static String text;

  @BeforeAll
  static void render() throws Exception {
    files =
        ReportRenderer.render(
            TestAnalyses.sample(),
            ReportOptions.of(EnumSet.of(ReportFormat.IPYNB, ReportFormat.PNG), null, false));
    text = new String(files.get(ReportRenderer.NOTEBOOK_FILE), StandardCharsets.UTF_8);
    nb = new ObjectMapper().readTree(text);
  }

  private static String source(JsonNode cell) {
    StringBuilder b = new StringBuilder();
    cell.get("source").forEach(line -> b.append(line.asText()));
    return b.toString();
  }

  private static JsonNode cell(String id) {
    for (JsonNode c : nb.get("cells")) {
      if (c.get("id").asText().equals(id)) {
        return c;
      }
    }
    throw new AssertionError("no cell " + id);
  }

  @Test
  void isAnNbformat45NotebookWithAPythonKernel() {
    assertEquals(4, nb.get("nbformat").asInt());
    assertEquals(5, nb.get("nbformat_minor").asInt());
    assertEquals("python3", nb.at("/metadata/kernelspec/name").asText());
    assertEquals("python", nb.at("/metadata/kernelspec/language").asText());
    assertEquals("python", nb.at("/metadata/language_info/name").asText());
    Set<String> ids = new HashSet<>();
    Pattern idPattern = Pattern.compile("^[a-zA-Z0-9-_]{1,64}$");
    for (JsonNode c : nb.get("cells")) {
      String id = c.get("id").asText();
      assertTrue(idPattern.matcher(id).matches(), id);
      assertTrue(ids.add(id), "unique id " + id);
      assertTrue(c.get("metadata").isObject());
      assertTrue(c.get("source").isArray());
      switch (c.get("cell_type").asText()) {
        case "markdown" -> assertFalse(c.has("outputs"));
        case "code" -> {
          assertTrue(c.get("execution_count").isInt());
          assertTrue(c.get("outputs").isArray());
        }
        default -> throw new AssertionError("cell type " + c.get("cell_type"));
      }
    }
  }

  @Test
  void isWrittenLikeJupyterWritesIt() {
    assertTrue(
        text.startsWith("{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",\n"),
        text.substring(0, 80));
    assertTrue(text.endsWith("\"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n"));
    assertTrue(text.contains("\"metadata\": {},"), "empty objects as {}");
    assertFalse(text.contains("\" :"), "no space before colons");
    assertKeysSorted(nb);
  }

  private static void assertKeysSorted(JsonNode node) {
    if (node.isObject()) {
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      List<String> sorted = new ArrayList<>(keys);
      sorted.sort(null);
      assertEquals(sorted, keys);
      node.elements().forEachRemaining(NotebookTest::assertKeysSorted);
    } else if (node.isArray()) {
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        assertKeysSorted(it.next());
      }
    }
  }

  @Test
  void cellsFollowTheReport() {
    List<String> kinds = new ArrayList<>();
    nb.get("cells")
        .forEach(c -> kinds.add(c.get("cell_type").asText() + ":" + c.get("id").asText()));
    assertEquals(
        List.of(
            "markdown:title",
            "markdown:findings",
            "code:setup",
            "markdown:h-loss",
            "code:fig-loss",
            "markdown:h-accuracy",
            "code:fig-accuracy",
            "markdown:h-extra-tokens",
            "code:fig-extra-tokens",
            "markdown:h-epochs",
            "code:epochs",
            "markdown:h-checkpoints",
            "code:checkpoints",
            "markdown:events"),
        kinds);
    List<Integer> counts = new ArrayList<>();
    nb.get("cells")
        .forEach(
            c -> {
              if (c.has("execution_count")) {
                counts.add(c.get("execution_count").asInt());
              }
            });
    assertEquals(List.of(1, 2, 3, 4, 5, 6), counts);
  }

  @Test
  void setupReadsOnlyMetricsCsv() {
    String setup = source(cell("setup"));
    assertTrue(setup.contains("import pandas as pd"));
    assertTrue(setup.contains("import matplotlib.pyplot as plt"));
    assertTrue(setup.contains("pd.read_csv(Path(\"metrics.csv\"))"));
    for (JsonNode c : nb.get("cells")) {
      if (c.get("cell_type").asText().equals("code")) {
        String src = source(c);
        assertFalse(
            src.contains("open(") || src.contains(".json") || src.contains("http"),
            c.get("id") + " reads only metrics.csv");
      }
    }
  }

  @Test
  void figureCellsRedrawFromTheCsvAndCarryThePng() {
    String loss = source(cell("fig-loss"));
    assertTrue(loss.contains("raw_line(ax, \"train_loss\", \"#1f77b4\", \"train loss\")"), loss);
    assertTrue(loss.contains("smooth_line(ax, \"train_loss\""));
    assertTrue(loss.contains("band(ax, \"valid_loss\""));
    assertTrue(loss.contains("raw_points(ax, \"valid_loss\""));
    assertTrue(loss.contains("markers(ax, \"full_valid_loss\""));
    assertTrue(
        loss.contains("ax.scatter([100.0, 200.0, 300.0], [0.62, 0.52, 0.54], marker=\"D\""), loss);
    assertTrue(loss.contains("epoch_ends=[100, 200, 300]"));
    assertTrue(source(cell("setup")).contains("fill_between"));
    JsonNode out = cell("fig-loss").get("outputs").get(0);
    assertEquals("display_data", out.get("output_type").asText());
    byte[] png = Base64.getDecoder().decode(out.at("/data/image~1png").asText());
    assertArrayEquals(
        files.get("figures/loss.png"), png, "the same PNG as the HTML and the figure file");
    assertEquals("<Figure size 900x420 with 1 Axes>", out.at("/data/text~1plain/0").asText());
  }

  @Test
  void tableCellsRebuildTheirDataAndCarryHtml() {
    JsonNode epochs = cell("epochs");
    String src = source(epochs);
    assertTrue(src.startsWith("epochs = pd.DataFrame("), src);
    assertTrue(
        src.contains("columns=[\"epoch\", \"first step\", \"last step\", \"mean train loss\""),
        src);
    assertTrue(src.endsWith("\nepochs"));
    JsonNode out = epochs.get("outputs").get(0);
    assertEquals("execute_result", out.get("output_type").asText());
    assertEquals(epochs.get("execution_count").asInt(), out.get("execution_count").asInt());
    StringBuilder html = new StringBuilder();
    out.at("/data/text~1html").forEach(l -> html.append(l.asText()));
    assertTrue(html.toString().startsWith("<table"));
    assertTrue(out.at("/data/text~1plain").isArray());
    StringBuilder ck = new StringBuilder();
    cell("checkpoints").at("/outputs/0/data/text~1html").forEach(l -> ck.append(l.asText()));
    assertTrue(
        ck.toString().contains("&lt;b&gt;bold&lt;/b&gt;"),
        "checkpoint names escaped in HTML output");
    assertFalse(ck.toString().contains("<b>"));
  }

  @Test
  void markdownEscapesData() {
    String title = source(cell("title"));
    assertTrue(title.contains("| Suffix | &lt;b&gt;bold&lt;/b&gt; |"), title);
    String events = source(cell("events"));
    assertTrue(events.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), events);
    assertFalse(events.contains("<script>"));
    String findings = source(cell("findings"));
    assertTrue(findings.contains("**warning:** Validation loss rose"), findings);
  }

  @Test
  void pythonLiteralsAreValid() {
    assertEquals("float(\"nan\")", Text.python(Double.NaN));
    assertEquals("1.0E-5", Text.python(1e-05), "Python reads 1.0E-5 as a float");
    assertEquals("3.0", Text.python(3));
    assertEquals("\"a\\\"b\\\\c\\n\"", Text.pythonString("a\"b\\c\n"));
  }
}
