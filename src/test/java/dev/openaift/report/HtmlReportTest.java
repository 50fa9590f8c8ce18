package dev.openaift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  private static Document sample;
  private static Map<String, byte[]> files;

  @BeforeAll
  static void render() {
    files =
        ReportRenderer.render(
            TestAnalyses.sample(),
            ReportOptions.of(EnumSet.allOf(ReportFormat.class), null, false));
    sample = parse(files.get(ReportRenderer.HTML_FILE));
  }

  static Document parse(byte[] html) {
    return Jsoup.parse(new String(html, StandardCharsets.UTF_8));
  }

  @Test
  void rendersEveryRequestedFile() {
    assertEquals(
        List.of(
            "figures/accuracy.png",
            "figures/extra-tokens.png",
            "figures/loss.png",
            "index.html",
            "report.ipynb"),
        List.copyOf(files.keySet()));
  }

  @Test
  void titleBlockCarriesTheSummary() {
    Element header = sample.selectFirst("header.title-block");
    assertNotNull(header);
    assertEquals("Fine-tuning report: ftjob-abc123 succeeded", header.selectFirst("h1").text());
    Map<String, String> facts = facts(header.selectFirst("dl.facts"));
    assertEquals("ftjob-abc123", facts.get("Job"));
    assertEquals("gpt-4o-mini-2024-07-18", facts.get("Base model"));
    assertEquals("supervised", facts.get("Method"));
    assertEquals("1,234,567", facts.get("Trained tokens"));
    assertEquals("2024-05-01 12:00:00 UTC", facts.get("Created"));
    assertEquals("21m 40s", facts.get("Training"));
    assertEquals("3 (from n_epochs)", facts.get("Epochs"));
    Elements metricRows = header.select("table.metrics tbody tr");
    assertEquals(7, metricRows.size());
    Element fullValid =
        metricRows.stream()
            .filter(r -> r.child(0).text().startsWith("full_valid_loss"))
            .findFirst()
            .orElseThrow();
    assertEquals("0.5200", fullValid.child(4).text(), "best full valid loss");
    assertEquals("step 200", fullValid.child(5).text());
    assertTrue(
        header.text().contains("Best checkpoint step 200, full valid loss 0.5200"), header.text());
    assertTrue(header.text().contains("Generalisation gap +0.1234"));
    assertNull(sample.selectFirst(".banner"), "a succeeded job has no running banner");
  }

  @Test
  void cellsAreNumberedWithInAndOut() {
    Elements ins = sample.select(".prompt.in");
    Elements outs = sample.select(".prompt.out");
    assertEquals(
        7,
        ins.size(),
        "loss, accuracy, extra, epochs, checkpoints, findings, events: " + ins.eachText());
    for (int i = 0; i < ins.size(); i++) {
      assertEquals("In [" + (i + 1) + "]:", ins.get(i).text());
      assertEquals("Out [" + (i + 1) + "]:", outs.get(i).text());
    }
    assertEquals(
        List.of(
            "cell-loss",
            "cell-accuracy",
            "cell-extra-tokens",
            "cell-epochs",
            "cell-checkpoints",
            "cell-findings",
            "cell-events"),
        sample.select("section.cell-group").eachAttr("id"));
    assertTrue(
        sample
            .selectFirst("#cell-loss .in-text")
            .text()
            .contains("train_loss → raw (faint) + ema(w=0.6)"));
  }

  @Test
  void everyFigureIsAnEmbeddedPng() throws Exception {
    Elements imgs = sample.select("img[src^=data:image/png;base64,]");
    assertEquals(3, imgs.size());
    assertEquals(imgs.size(), sample.select("img").size());
    for (Element img : imgs) {
      byte[] png =
          Base64.getDecoder().decode(img.attr("src").substring("data:image/png;base64,".length()));
      var image = ImageIO.read(new ByteArrayInputStream(png));
      assertEquals(900, image.getWidth());
      assertEquals(420, image.getHeight());
    }
    String loss = sample.selectFirst("#cell-loss img").attr("src");
    assertEquals(
        Base64.getEncoder().encodeToString(files.get("figures/loss.png")),
        loss.substring(loss.indexOf(',') + 1));
  }

  @Test
  void noExternalUrlAnywhere() {
    for (Element e : sample.getAllElements()) {
      for (Attribute a : e.attributes()) {
        String v = a.getValue().trim().toLowerCase();
        assertFalse(
            v.startsWith("http:")
                || v.startsWith("https:")
                || v.startsWith("//")
                || v.startsWith("ftp:"),
            e.tagName() + "[" + a.getKey() + "]=" + v);
      }
    }
    assertTrue(
        sample.select("link, iframe, object, embed, base, script[src]").isEmpty(),
        "no linked resources");
    // the interactive figures: their data, uPlot and our script, all inline
    assertEquals(
        List.of("application/json", "", ""),
        sample.select("script").stream().map(e -> e.attr("type")).toList());
    String css = sample.select("style").html();
    assertFalse(css.isBlank());
    Matcher url = Pattern.compile("url\\(|@import").matcher(css);
    assertFalse(url.find(), "CSS loads nothing");
    String raw = new String(files.get(ReportRenderer.HTML_FILE), StandardCharsets.UTF_8);
    assertFalse(raw.contains("http://") || raw.contains("https://"), "no URL in the file at all");
  }

  @Test
  void dataIsEscaped() {
    // three scripts only: the figure data (inert JSON, '<' escaped so no data can close it), uPlot,
    // ours
    assertEquals(3, sample.select("script").size());
    String data = sample.selectFirst("script#figure-data").data();
    assertFalse(data.contains("<"), "the figure data holds no '<'");
    assertTrue(
        sample.select("b, i").isEmpty(), "no markup injected from data: " + sample.select("b, i"));
    Element warnRow = sample.select("#cell-events .log.all tr.warn").first();
    assertNotNull(warnRow);
    assertEquals("Suspicious line " + TestAnalyses.SCRIPT, warnRow.child(2).text());
    assertEquals("<b>bold</b>", facts(sample.selectFirst("dl.facts")).get("Suffix"));
    assertEquals("<i>ml</i>", facts(sample.selectFirst("dl.facts")).get("metadata.team"));
    assertTrue(sample.selectFirst("ul.warnings").text().contains(TestAnalyses.SCRIPT));
  }

  @Test
  void eventLogListsWarningsAndErrorsFirstThenEverythingOldestFirst() {
    Element cell = sample.selectFirst("#cell-events");
    Elements logs = cell.select(".log");
    assertEquals(2, logs.size());
    assertTrue(logs.get(0).hasClass("flagged"));
    Elements flagged = logs.get(0).select("tbody tr");
    assertEquals(List.of("warn", "error"), flagged.stream().map(r -> r.child(1).text()).toList());
    Elements all = logs.get(1).select("tbody tr");
    assertEquals(TestAnalyses.sample().events().size(), all.size());
    List<String> times = all.stream().map(r -> r.child(0).text()).toList();
    List<String> sorted = new ArrayList<>(times);
    sorted.sort(null);
    assertEquals(sorted, times, "oldest first");
    assertEquals("Created fine-tuning job: ftjob-abc123", all.get(0).child(2).text());
    assertEquals(
        "error",
        all.stream().filter(r -> r.hasClass("error")).findFirst().orElseThrow().child(1).text());
  }

  @Test
  void findingsAndTablesAreStyled() {
    Elements findings = sample.select("#cell-findings ul.findings li");
    assertEquals(
        List.of("warning", "warning", "error", "info"),
        findings.stream().map(Element::className).toList());
    Elements epochRows = sample.select("#cell-epochs tbody tr");
    assertEquals(3, epochRows.size());
    assertEquals("1.2577".length(), epochRows.get(0).child(3).text().length());
    Element best = sample.selectFirst("#cell-checkpoints tr.highlight");
    assertNotNull(best);
    assertTrue(best.child(0).text().startsWith("200"), best.text());
  }

  @Test
  void runningJobGetsABanner() {
    Map<String, byte[]> running =
        ReportRenderer.render(
            TestAnalyses.running(), ReportOptions.of(EnumSet.of(ReportFormat.HTML), null, false));
    Document doc = parse(running.get(ReportRenderer.HTML_FILE));
    Element banner = doc.selectFirst(".banner");
    assertNotNull(banner, "status running is not terminal");
    assertTrue(banner.text().contains("step 150 of 300"), banner.text());
    assertEquals(List.of(ReportRenderer.HTML_FILE), List.copyOf(running.keySet()));

    Map<String, byte[]> forced =
        ReportRenderer.render(
            TestAnalyses.bare(), ReportOptions.of(EnumSet.of(ReportFormat.HTML), null, true));
    assertNotNull(
        parse(forced.get(ReportRenderer.HTML_FILE)).selectFirst(".banner"),
        "--running option shows it too");
  }

  @Test
  void aBareJobStillGetsAPage() {
    Document doc =
        parse(
            ReportRenderer.render(
                    TestAnalyses.bare(),
                    ReportOptions.of(EnumSet.of(ReportFormat.HTML), null, false))
                .get(ReportRenderer.HTML_FILE));
    assertEquals(1, doc.select("img[src^=data:image/png;base64,]").size());
    assertEquals(
        List.of("cell-loss", "cell-findings"), doc.select("section.cell-group").eachAttr("id"));
    assertEquals("Nothing notable.", doc.selectFirst("#cell-findings .out-box").text());
    assertEquals("unknown", doc.selectFirst("h1 .badge").text());
  }

  static Map<String, String> facts(Element dl) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Element dt : dl.select("dt")) {
      out.put(dt.text(), dt.nextElementSibling().text());
    }
    return out;
  }
}
