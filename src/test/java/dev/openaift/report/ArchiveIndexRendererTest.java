package dev.openaift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class ArchiveIndexRendererTest {
  private static ArchiveIndexRenderer.Entry entry(
      String id, String status, String model, Long created) {
    return new ArchiveIndexRenderer.Entry(
        id,
        status,
        model,
        null,
        created,
        30,
        0.25,
        null,
        new double[] {2, 1, 0.5},
        null,
        null,
        null);
  }

  @Test
  void everyStatusOfAJobOnItsWayIsBusyAzuresPendingToo() {
    for (String s : List.of("pending", "validating_files", "queued", "running", "paused")) {
      assertEquals("busy", ArchiveIndexRenderer.statusClass(s), s);
    }
    assertEquals("ok", ArchiveIndexRenderer.statusClass("succeeded"));
    assertEquals("bad", ArchiveIndexRenderer.statusClass("cancelled"));
    assertEquals("unknown", ArchiveIndexRenderer.statusClass("notRunning"));
  }

  @Test
  void evaluationRowsShowTheirTimeToTheMinuteInTheIndexZone() {
    List<ArchiveIndexRenderer.Evaluation> evals =
        List.of(
            new ArchiveIndexRenderer.Evaluation(
                "ftjob-a/evals/e1/eval.html",
                "ftjob-a",
                "data.jsonl",
                "m1, m2",
                "expected",
                "2026-12-07T03:04:05.522583276Z"),
            new ArchiveIndexRenderer.Evaluation(
                "evals/e2/eval.html", "", "data.jsonl", "m1", "expected", "not a time"));
    Document doc =
        Jsoup.parse(
            new String(
                ArchiveIndexRenderer.render(
                    List.of(entry("ftjob-a", "succeeded", "gpt-4o-mini", 1_700_000_000L)),
                    evals,
                    null,
                    ZoneId.of("Europe/Paris")),
                StandardCharsets.UTF_8));
    assertEquals(
        List.of("2026-12-07 04:04", "not a time"),
        doc.select("table.evaluations td.created").eachText());
    // dates, numbers and the shutdown date do not wrap; the table sits in a scrolling box as a
    // last resort on narrow windows (BrowserIT checks that at 1,400 px it needs none)
    assertEquals(1, doc.select("tr.job td.created").size());
    assertEquals(1, doc.select("tr.job td.shutdown").size());
    assertNotNull(doc.selectFirst(".table-wrap > table.jobs"));
  }

  @Test
  void rowsNewestFirstEscapedWithDatesInTheGivenZone() {
    List<ArchiveIndexRenderer.Entry> entries =
        List.of(
            entry("ftjob-old", "succeeded", "gpt-4o-mini", 1_700_000_000L),
            entry("ftjob-new", "running", "<script>alert('x')</script>", 1_700_086_400L),
            entry("ftjob-none", null, null, null));
    String html =
        new String(
            ArchiveIndexRenderer.render(entries, null, ZoneOffset.UTC), StandardCharsets.UTF_8);
    Document doc = Jsoup.parse(html);
    List<Element> rows = doc.select("tr.job");
    assertEquals(
        List.of("ftjob-new", "ftjob-old", "ftjob-none"), rows.stream().map(Element::id).toList());
    // one script: the fixed sort-and-filter code, with no data in it
    assertEquals(1, doc.select("script").size(), "data is escaped");
    assertTrue(doc.selectFirst("script").data().contains("aria-sort"));
    assertFalse(doc.selectFirst("script").data().contains("ftjob"), "no data in the script");
    assertNotNull(doc.selectFirst("input#filter"));
    assertEquals("<script>alert('x')</script>", rows.get(0).select("td").get(2).text());
    assertEquals("2023-11-14 22:13", rows.get(1).select("td").get(4).text());
    assertEquals(
        "busy", rows.get(0).selectFirst(".badge").className().replace("badge", "").strip());
    assertEquals("unknown", rows.get(2).selectFirst(".badge").text());
    assertEquals("0.2500", rows.get(1).select("td").get(6).text());
    assertEquals("", rows.get(1).select("td").get(7).text());
    assertEquals(
        "1.0,1.0 60.0,18.3 119.0,27.0", rows.get(1).selectFirst("polyline").attr("points"));
    String tokyo =
        new String(
            ArchiveIndexRenderer.render(entries, null, ZoneId.of("Asia/Tokyo")),
            StandardCharsets.UTF_8);
    assertTrue(tokyo.contains("<td class=\"created\">2023-11-15 07:13</td>"), "zone applied");
  }

  @Test
  void emptyArchive() {
    String html =
        new String(
            ArchiveIndexRenderer.render(List.of(), null, ZoneOffset.UTC), StandardCharsets.UTF_8);
    Document doc = Jsoup.parse(html);
    assertTrue(doc.select("tr.job").isEmpty());
    assertTrue(doc.text().contains("No jobs archived yet"));
  }
}
