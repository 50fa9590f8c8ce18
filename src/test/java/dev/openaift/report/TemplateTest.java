package dev.openaift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateTest {
  private static final Set<ReportFormat> HTML = EnumSet.of(ReportFormat.HTML);

  @Test
  void aUserTemplateReplacesOneBuiltInTemplate(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("style.ftlh"), "body { color: #123456; }\n");
    byte[] html =
        ReportRenderer.render(TestAnalyses.sample(), ReportOptions.of(HTML, dir, false))
            .get(ReportRenderer.HTML_FILE);
    Document doc = HtmlReportTest.parse(html);
    assertEquals("body { color: #123456; }", doc.selectFirst("style").html().trim());
    assertNotNull(
        doc.selectFirst("#cell-loss img"), "the rest still comes from the built-in templates");
  }

  @Test
  void aUserMainTemplateStillEscapes(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("report.ftlh"),
        "<html><body><#list view.facts as f><p"
            + " class=\"fact\">${f.value}</p></#list></body></html>");
    String html =
        new String(
            ReportRenderer.render(TestAnalyses.sample(), ReportOptions.of(HTML, dir, false))
                .get(ReportRenderer.HTML_FILE),
            StandardCharsets.UTF_8);
    assertTrue(html.contains("<p class=\"fact\">&lt;b&gt;bold&lt;/b&gt;</p>"), html);
  }

  @Test
  void aBrokenTemplateFailsWithOneLineNamingIt(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("report.ftlh"), "<p>\n${view.noSuchField}</p>");
    ReportException e =
        assertThrows(
            ReportException.class,
            () -> ReportRenderer.render(TestAnalyses.sample(), ReportOptions.of(HTML, dir, false)));
    assertTrue(e.getMessage().startsWith("template error in report.ftlh line 2: "), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void aBrokenTemplateLeavesTheOldReportWholeWhileTheTableIsWrittenBeside(@TempDir Path dir)
      throws Exception {
    Path templates = Files.createDirectories(dir.resolve("templates"));
    Files.writeString(templates.resolve("report.ftlh"), "<p>\n${view.noSuchField}</p>");
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve(ReportService.METRICS_FILE), "old\n");
    ReportOptions options =
        ReportOptions.of(EnumSet.of(ReportFormat.HTML, ReportFormat.CSV), templates, false);
    assertThrows(
        ReportException.class, () -> ReportService.write(TestAnalyses.sample(), options, out));
    assertEquals("old\n", Files.readString(out.resolve(ReportService.METRICS_FILE)));
    try (var files = Files.list(out)) {
      assertEquals(
          List.of(ReportService.METRICS_FILE),
          files.map(f -> f.getFileName().toString()).toList(),
          "no staging folder, no page");
    }
  }

  @Test
  void aMissingTemplatesFolderIsRefused(@TempDir Path dir) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ReportRenderer.render(
                    TestAnalyses.sample(), ReportOptions.of(HTML, dir.resolve("nope"), false)));
    assertTrue(e.getMessage().contains("is not a directory"));
  }

  @Test
  void formatsParseFromTheCommandLine() {
    assertEquals(
        EnumSet.of(ReportFormat.HTML, ReportFormat.IPYNB), ReportFormat.parseList("html, IPYNB"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ReportFormat.parseList("html,pdf"));
    assertEquals(
        "unknown report format 'pdf' (expected html, ipynb, png, json or csv)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ReportFormat.parseList(" , "));
  }
}
