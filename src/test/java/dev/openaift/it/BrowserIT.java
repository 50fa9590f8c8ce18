package dev.openaift.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.metrics.Smoothing;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a generated {@code index.html} in headless Chromium: no console error, uncaught exception,
 * script dialog (escaping failed) or network request other than the page itself; then drives the
 * interactive figures as a person would (slider, log scale, legend, pointer) and checks what is
 * drawn.
 */
class BrowserIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** the page's script sets this when every figure is drawn */
  private static final String DRAWN =
      "document.readyState === 'complete' && window.openaiFt && openaiFt.allDrawnMs !== null";

  @TempDir Path tmp;

  @Test
  void reportLoadsCleanlyInChromium() throws Exception {
    Path chromium = ExternalTools.chromium();
    Path job = ReportFixtures.hostileCopy(tmp);
    Path out = tmp.resolve("out");
    JarRunner.Result r = JarRunner.run(tmp, "report", job.toString(), "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    String pageUrl = out.resolve("index.html").toUri().toString();

    try (DevTools dt = DevTools.launch(chromium)) {
      String session = dt.open(pageUrl);
      dt.waitUntil(session, DRAWN, WAIT);

      JsonNode loaded =
          JSON.readTree(
              dt.eval(
                      session,
                      "JSON.stringify(Array.from(document.images).map(i => [i.complete,"
                          + " i.naturalWidth]))")
                  .asText());
      assertTrue(loaded.size() >= 2, "expected the loss and accuracy figures, got " + loaded);
      for (JsonNode img : loaded) {
        assertTrue(
            img.get(0).asBoolean() && img.get(1).asInt() > 0, "an image did not decode: " + loaded);
      }
      assertEquals(
          loaded.size(),
          dt.eval(session, "document.querySelectorAll('.plot.live canvas').length").asInt(),
          "every figure is drawn interactively");

      JsonNode shot = dt.send(session, "Page.captureScreenshot", Map.of("format", "png"));
      Path shotFile = Paths.get("target", "browser-it-screenshot.png");
      Files.createDirectories(shotFile.getParent());
      Files.write(shotFile, Base64.getDecoder().decode(shot.path("data").asText()));

      List<String> problems = dt.problems(pageUrl);
      assertTrue(problems.isEmpty(), "problems in the page: " + problems);
    }
  }

  @Test
  void theSliderResmoothsWithTheReportsFormulaAndTheFiguresRespondToLogScaleLegendAndPointer()
      throws Exception {
    Path chromium = ExternalTools.chromium();
    Path out = tmp.resolve("out");
    JarRunner.Result r =
        JarRunner.run(tmp, "report", ReportFixtures.SUCCEEDED.toString(), "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    String pageUrl = out.resolve("index.html").toUri().toString();
    Csv csv = Csv.read(out.resolve("metrics.csv"));
    double[] raw = csv.column("train_loss");
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    String smoothedLabel = "train loss, EMA 0.6";
    String values = "JSON.stringify(openaiFt.charts.loss.values('" + smoothedLabel + "'))";
    String legend =
        "JSON.stringify(Array.from(document.querySelectorAll('#cell-loss .u-legend"
            + " .u-label')).map(l => l.textContent))";

    try (DevTools dt = DevTools.launch(chromium)) {
      String session = dt.open(pageUrl);
      dt.waitUntil(session, DRAWN, WAIT);

      // at the report's weight: summary.json's last_smoothed bit for bit, metrics.csv to its 7
      // digits
      JsonNode drawn = JSON.readTree(dt.eval(session, values).asText());
      assertEquals(raw.length, drawn.size());
      assertEquals(
          summary.path("metrics").path("train_loss").path("last_smoothed").asDouble(),
          drawn.get(drawn.size() - 1).get(1).asDouble(),
          0.0);
      double[] csvSmoothed = csv.column("train_loss_smoothed");
      for (int i = 0; i < drawn.size(); i++) {
        assertEquals(
            csvSmoothed[i],
            sevenDigits(drawn.get(i).get(1).asDouble()),
            0.0,
            "step " + drawn.get(i).get(0));
      }

      // the slider: 0.9, as a person drags it (the input event), then the values against the
      // formula
      dt.eval(
          session,
          "(() => { const s = document.getElementById('smoothing'); s.value = '0.9';"
              + " s.dispatchEvent(new Event('input', {bubbles: true})); return true; })()");
      dt.waitUntil(session, "openaiFt.smoothing === 0.9", WAIT);
      assertEquals(
          "0.9",
          dt.eval(session, "document.querySelector('.smoothing-bar output').textContent").asText());
      double[] expected = Smoothing.ema(raw, 0.9);
      // the legend says the weight drawn
      String labels = dt.eval(session, legend).asText();
      assertTrue(
          labels.contains("train loss, EMA 0.9") && !labels.contains("EMA 0.6"),
          "legend after the slider: " + labels);
      drawn =
          JSON.readTree(
              dt.eval(session, values.replace(smoothedLabel, "train loss, EMA 0.9")).asText());
      for (int i = 0; i < expected.length; i++) {
        assertEquals(
            expected[i],
            drawn.get(i).get(1).asDouble(),
            1e-12,
            "EMA 0.9 at step " + drawn.get(i).get(0));
      }
      assertTrue(
          Math.abs(expected[expected.length - 1] - csvSmoothed[csvSmoothed.length - 1]) > 1e-3,
          "0.9 draws another line than 0.6");
      // and back to the report's weight: its own values again
      dt.eval(session, "document.querySelector('.smoothing-bar button').click()");
      dt.waitUntil(session, "openaiFt.smoothing === 0.6", WAIT);
      assertTrue(dt.eval(session, legend).asText().contains(smoothedLabel));
      drawn = JSON.readTree(dt.eval(session, values).asText());
      // checkpoints are drawn as the caption says: diamonds, the best one a square
      assertTrue(
          dt.eval(session, "document.querySelector('#cell-loss .in-text').textContent")
              .asText()
              .contains("(diamonds)"));
      assertEquals(
          "diamond",
          dt.eval(
                  session,
                  "openaiFt.charts.loss.u.series.find(s => s.label ==="
                      + " 'Checkpoints').points.marker")
              .asText());
      assertEquals(
          "square",
          dt.eval(
                  session,
                  "openaiFt.charts.loss.u.series.find(s => s.label.startsWith('Best"
                      + " checkpoint')).points.marker")
              .asText());
      assertEquals(
          summary.path("metrics").path("train_loss").path("last_smoothed").asDouble(),
          drawn.get(drawn.size() - 1).get(1).asDouble(),
          0.0);

      // log scale
      assertEquals(1, dt.eval(session, "openaiFt.charts.loss.u.scales.y.distr").asInt());
      dt.eval(session, "document.querySelector('#cell-loss .chart-controls input').click()");
      dt.waitUntil(session, "openaiFt.charts.loss.u.scales.y.distr === 3", WAIT);

      // ignore outliers: the y axis fits the 5th-95th percentile, tighter than all the data
      double fullMax = dt.eval(session, "openaiFt.charts.loss.u.scales.y.max").asDouble();
      dt.eval(session, "document.querySelectorAll('#cell-loss .chart-controls input')[1].click()");
      dt.waitUntil(session, "openaiFt.charts.loss.outliers === true", WAIT);
      assertTrue(dt.eval(session, "openaiFt.charts.loss.u.scales.y.max").asDouble() < fullMax);

      // hide a series from its legend entry; it stays hidden when the chart is redrawn (log off)
      int index =
          dt.eval(session, "openaiFt.charts.loss.u.series.findIndex(s => s.label === 'valid loss')")
              .asInt();
      assertTrue(index > 0);
      dt.eval(
          session,
          "document.querySelectorAll('#cell-loss .u-legend .u-series')["
              + index
              + "].querySelector('.u-label').click()");
      dt.waitUntil(session, "openaiFt.charts.loss.u.series[" + index + "].show === false", WAIT);
      dt.eval(session, "document.querySelector('#cell-loss .chart-controls input').click()");
      dt.waitUntil(session, "openaiFt.charts.loss.u.scales.y.distr === 1", WAIT);
      assertFalse(
          dt.eval(session, "openaiFt.charts.loss.u.series[" + index + "].show").asBoolean());

      // the pointer over step 30: the readout shows every series' value there (or its nearest
      // point)
      dt.eval(session, "document.querySelector('#cell-loss').scrollIntoView()");
      JsonNode at =
          JSON.readTree(
              dt.eval(
                      session,
                      "(() => { const u = openaiFt.charts.loss.u; const r ="
                          + " u.over.getBoundingClientRect(); return JSON.stringify({x: r.left +"
                          + " u.valToPos(30, 'x'), y: r.top + r.height / 2}); })()")
                  .asText());
      dt.send(
          session,
          "Input.dispatchMouseEvent",
          Map.of("type", "mouseMoved", "x", at.get("x").asDouble(), "y", at.get("y").asDouble()));
      dt.waitUntil(
          session,
          "openaiFt.charts.loss.u.cursor.idx !== null &&"
              + " openaiFt.charts.loss.u.data[0][openaiFt.charts.loss.u.cursor.idx] === 30",
          WAIT);
      JsonNode readout =
          JSON.readTree(
              dt.eval(
                      session,
                      "JSON.stringify(Array.from(document.querySelectorAll('#cell-loss .u-legend"
                          + " .u-series')).map(r => [r.querySelector('.u-label').textContent,"
                          + " r.querySelector('.u-value').textContent]))")
                  .asText());
      Map<String, String> shown = new java.util.TreeMap<>();
      readout.forEach(row -> shown.put(row.get(0).asText(), row.get(1).asText()));
      assertEquals(fmt(raw[29]), shown.get("train loss"), "raw value at step 30: " + shown);
      assertEquals(
          fmt(drawn.get(29).get(1).asDouble()),
          shown.get(smoothedLabel),
          "smoothed value at step 30: " + shown);
      for (Map.Entry<String, String> e : shown.entrySet()) {
        assertFalse(
            e.getValue().isBlank() || e.getValue().equals("–"),
            "no value for " + e.getKey() + ": " + shown);
      }

      List<String> problems = dt.problems(pageUrl);
      assertTrue(problems.isEmpty(), "problems in the page: " + problems);
    }
  }

  /**
   * Two archived jobs compared through the jar: the comparison page draws cleanly, and the archive
   * index links it and sorts and filters its rows in the browser.
   */
  @Test
  void theArchiveIndexSortsAndFiltersAndTheComparisonPageIsInteractive() throws Exception {
    Path chromium = ExternalTools.chromium();
    Path reports = tmp.resolve("reports");
    for (String[] j :
        List.of(
            new String[] {"succeeded", "ftjob-Qk7sLmN2pX4rT9vB"},
            new String[] {"overfit", "ftjob-Ov3rF1tJ0b5xYz88"})) {
      Path dst = Files.createDirectories(reports.resolve(j[1]));
      for (String f : List.of("job.json", "events.jsonl", "checkpoints.json", "results.csv")) {
        Files.copy(ReportFixtures.SUCCEEDED.resolveSibling(j[0]).resolve(f), dst.resolve(f));
      }
    }
    JarRunner.Result r =
        JarRunner.run(
            tmp, "compare", "ftjob-Qk7sLmN2pX4rT9vB", "ftjob-Ov3rF1tJ0b5xYz88", "--by", "fraction");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("compare: (reports/compare-[0-9a-f]+/index\\.html)")
            .matcher(r.out());
    assertTrue(m.find(), r.out());
    String comparePage = tmp.resolve(m.group(1)).toUri().toString();
    String indexPage = reports.resolve("index.html").toUri().toString();
    try (DevTools dt = DevTools.launch(chromium)) {
      String session = dt.open(comparePage);
      dt.waitUntil(session, DRAWN, WAIT);
      assertEquals(4, dt.eval(session, "Object.keys(openaiFt.charts).length").asInt());
      dt.eval(
          session,
          "(() => { const s = document.getElementById('smoothing'); s.value = '0.3';"
              + " s.dispatchEvent(new Event('input', {bubbles: true})); return true; })()");
      dt.waitUntil(session, "openaiFt.smoothing === 0.3", WAIT);
      atWidth(dt, session, 1400);
      assertTrue(
          dt.eval(session, fits("#cell-jobs .out-box")).asBoolean(),
          "the side-by-side table shows every job's column at 1,400 px");
      List<String> problems = dt.problems(comparePage);
      assertTrue(problems.isEmpty(), "problems in the comparison: " + problems);
    }
    try (DevTools dt = DevTools.launch(chromium)) {
      String session = dt.open(indexPage);
      dt.waitUntil(session, "document.readyState === 'complete'", WAIT);
      atWidth(dt, session, 1400);
      assertTrue(
          dt.eval(session, fits(".table-wrap")).asBoolean(),
          "every column of the index fits at 1,400 px: "
              + dt.eval(
                      session,
                      "JSON.stringify([document.querySelector('.table-wrap').scrollWidth,"
                          + " document.querySelector('.table-wrap').clientWidth])")
                  .asText());
      assertTrue(
          dt.eval(
                  session,
                  "Array.from(document.querySelectorAll('tr.job td.created')).every(td => { const"
                      + " r = document.createRange(); r.selectNodeContents(td); return"
                      + " r.getClientRects().length === 1; })")
              .asBoolean(),
          "created on one line");
      String ids =
          "JSON.stringify(Array.from(document.querySelectorAll('tr.job')).filter(r =>"
              + " !r.hidden).map(r => r.id))";
      assertEquals(
          2, dt.eval(session, "document.querySelectorAll('tr.job polyline').length").asInt());
      assertTrue(
          dt.eval(session, "document.querySelector('ul.comparisons a').getAttribute('href')")
              .asText()
              .startsWith("compare-"));
      // steps: 60 (succeeded) and 100 (overfit); ascending on the first click, descending on the
      // second
      String clickSteps =
          "Array.from(document.querySelectorAll('table.jobs th')).find(h => h.textContent.trim()"
              + " === 'steps').click()";
      dt.eval(session, clickSteps);
      dt.waitUntil(
          session,
          ids + " === JSON.stringify(['ftjob-Qk7sLmN2pX4rT9vB', 'ftjob-Ov3rF1tJ0b5xYz88'])",
          WAIT);
      dt.eval(session, clickSteps);
      dt.waitUntil(
          session,
          ids + " === JSON.stringify(['ftjob-Ov3rF1tJ0b5xYz88', 'ftjob-Qk7sLmN2pX4rT9vB'])",
          WAIT);
      dt.eval(
          session,
          "(() => { const f = document.getElementById('filter'); f.value = 'support-bot';"
              + " f.dispatchEvent(new Event('input', {bubbles: true})); return true; })()");
      dt.waitUntil(session, ids + " === JSON.stringify(['ftjob-Qk7sLmN2pX4rT9vB'])", WAIT);
      assertEquals(
          "1 of 2 shown",
          dt.eval(session, "document.getElementById('shown').textContent").asText());
      List<String> problems = dt.problems(indexPage);
      assertTrue(problems.isEmpty(), "problems in the archive index: " + problems);
    }
  }

  /**
   * Prints what a 1,000,000-step report weighs and how soon its first figure is drawn (a figure to
   * read, not a timed assertion); asserts only the bounded size and a clean page.
   */
  @Test
  void aMillionStepReportIsBoundedAndOpensCleanly() throws Exception {
    Path chromium = ExternalTools.chromium();
    Path csvFile = tmp.resolve("results.csv");
    dev.openaift.bench.ReportBenchmark.generate(csvFile, 1_000_000, 100, 7);
    Path out = tmp.resolve("out");
    JarRunner.Result r =
        JarRunner.run(tmp, "report", "--results", csvFile.toString(), "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    long bytes = Files.size(out.resolve("index.html"));
    assertTrue(bytes < 3_000_000, "index.html is " + bytes + " bytes");
    String pageUrl = out.resolve("index.html").toUri().toString();
    try (DevTools dt = DevTools.launch(chromium)) {
      String session = dt.open(pageUrl);
      dt.waitUntil(session, DRAWN, WAIT);
      double parsed = dt.eval(session, "openaiFt.scriptStartMs").asDouble();
      double first = dt.eval(session, "openaiFt.firstDrawnMs").asDouble();
      double all = dt.eval(session, "openaiFt.allDrawnMs").asDouble();
      System.out.printf(
          Locale.ROOT,
          "BrowserIT 1,000,000 steps: index.html %,d bytes; page parsed up to the script %.0f ms,"
              + " first figure drawn %.0f ms, all %.0f ms after navigation start (headless"
              + " Chromium, this machine)%n",
          bytes,
          parsed,
          first,
          all);
      List<String> problems = dt.problems(pageUrl);
      assertTrue(problems.isEmpty(), "problems in the page: " + problems);
    }
  }

  /** Lays the page out at {@code width} x 900 CSS pixels, as a window of that size. */
  private static void atWidth(DevTools dt, String session, int width) throws Exception {
    dt.send(
        session,
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", false));
    dt.waitUntil(session, "window.innerWidth === " + width, WAIT);
  }

  /** True when the element and the page need no horizontal scrolling. */
  private static String fits(String selector) {
    return "(() => { const e = document.querySelector('"
        + selector
        + "'); const d = document.documentElement; return e !== null && e.scrollWidth <="
        + " e.clientWidth && d.scrollWidth <= d.clientWidth; })()";
  }

  /**
   * A Trainer run's learning rate (2e-4 falling to 0): uPlot wrote every tick of its axis as 0;
   * each tick now reads as a distinct number.
   */
  @Test
  void smallValuesGetReadableAxisTicks() throws Exception {
    Path chromium = ExternalTools.chromium();
    Path out = tmp.resolve("out");
    JarRunner.Result r =
        JarRunner.run(
            tmp,
            "report",
            Paths.get("src/test/resources/trainer/lora-run").toAbsolutePath().toString(),
            "--out",
            out.toString());
    assertEquals(0, r.exitCode(), r.err());
    String pageUrl = out.resolve("index.html").toUri().toString();
    try (DevTools dt = DevTools.launch(chromium)) {
      String session = dt.open(pageUrl);
      dt.waitUntil(session, DRAWN, WAIT);
      String chart =
          "Object.values(openaiFt.charts).find(c => c.figure.title === 'learning_rate').u";
      JsonNode ticks =
          JSON.readTree(dt.eval(session, "JSON.stringify(" + chart + ".axes[1]._values)").asText());
      List<String> labels = new ArrayList<>();
      ticks.forEach(t -> labels.add(t.asText()));
      assertTrue(labels.size() >= 3, labels.toString());
      assertEquals(labels.size(), new java.util.HashSet<>(labels).size(), "distinct: " + labels);
      assertTrue(
          labels.stream().filter(l -> l.equals("0")).count() <= 1, "at most one 0: " + labels);
      for (String l : labels) {
        assertTrue(Double.parseDouble(l) <= 2.5e-4, l + " in " + labels);
      }
      List<String> problems = dt.problems(pageUrl);
      assertTrue(problems.isEmpty(), "problems in the page: " + problems);
    }
  }

  private static double sevenDigits(double v) {
    return new BigDecimal(v).round(new MathContext(7)).doubleValue();
  }

  /** The page's readout format: 6 significant digits, trailing zeros dropped. */
  private static String fmt(double v) {
    return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }

  /** metrics.csv columns by name (empty cells are NaN). */
  private record Csv(List<String> header, List<String[]> rows) {
    static Csv read(Path file) throws java.io.IOException {
      List<String> lines = Files.readAllLines(file);
      List<String[]> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        if (!line.isBlank()) {
          rows.add(line.split(",", -1));
        }
      }
      return new Csv(List.of(lines.get(0).split(",")), rows);
    }

    double[] column(String name) {
      int c = header.indexOf(name);
      assertTrue(c >= 0, "no column " + name + " in " + header);
      return rows.stream()
          .mapToDouble(r -> r[c].isEmpty() ? Double.NaN : Double.parseDouble(r[c]))
          .toArray();
    }
  }
}
