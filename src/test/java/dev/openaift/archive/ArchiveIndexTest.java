package dev.openaift.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.retirement.RetirementTable;
import dev.openaift.retirement.Shutdowns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveIndexTest {
  @TempDir Path root;

  /** A job folder as the archiver leaves it, made from a golden fixture's summary and metrics. */
  private void folder(String fixture, String id) throws Exception {
    Path src = Path.of("src/test/resources/fixtures/jobs", fixture);
    Path dst = Files.createDirectories(root.resolve(id));
    Files.copy(src.resolve("expected-summary.json"), dst.resolve("summary.json"));
    Files.copy(src.resolve("expected-metrics.csv"), dst.resolve("metrics.csv"));
  }

  @Test
  void oneRowPerReportedFolderFromItsSummary() throws Exception {
    folder("succeeded", "ftjob-Qk7sLmN2pX4rT9vB");
    folder("overfit", "ftjob-overfit");
    Files.createDirectories(root.resolve("not-a-report"));
    Files.createDirectories(root.resolve(".hidden"));
    Files.writeString(
        Files.createDirectories(root.resolve("broken")).resolve("summary.json"), "{not json");

    Path index = ArchiveIndex.rebuild(new Archive(root), null, ZoneOffset.UTC);
    Document doc = Jsoup.parse(index.toFile(), "UTF-8");
    List<Element> rows = doc.select("tr.job");
    assertEquals(2, rows.size(), doc.select("tr.job").toString());
    Element ok = doc.getElementById("ftjob-Qk7sLmN2pX4rT9vB");
    List<String> cells = ok.select("td").eachText();
    assertEquals("succeeded", cells.get(1));
    assertEquals("gpt-4o-mini-2024-07-18", cells.get(2));
    assertEquals("ft:gpt-4o-mini-2024-07-18:acme:support-bot:pX4rT9vB", cells.get(3));
    assertEquals("2024-11-12 08:26", cells.get(4));
    assertEquals("60", cells.get(5));
    assertEquals("0.3015", cells.get(6));
    assertEquals("0.4475", cells.get(7));
    assertEquals(60, ok.selectFirst("polyline").attr("points").split(" ").length);
    assertEquals("ftjob-Qk7sLmN2pX4rT9vB/index.html", ok.selectFirst("a").attr("href"));
  }

  @Test
  void theSparklineComesFromTheSummaryWithoutReadingMetricsCsv() throws Exception {
    folder("succeeded", "ftjob-cached");
    Path dir = root.resolve("ftjob-cached");
    Files.delete(dir.resolve("metrics.csv"));
    Files.createDirectory(dir.resolve("metrics.csv")); // reading it would fail: nothing may try
    Path index = ArchiveIndex.rebuild(new Archive(root), null, ZoneOffset.UTC);
    Element row = Jsoup.parse(index.toFile(), "UTF-8").getElementById("ftjob-cached");
    assertEquals(60, row.selectFirst("polyline").attr("points").split(" ").length);
  }

  @Test
  void aSummaryWrittenBeforeItKeptItsSparklineStillGetsOneFromMetricsCsv() throws Exception {
    folder("succeeded", "ftjob-old");
    Path summary = root.resolve("ftjob-old").resolve("summary.json");
    com.fasterxml.jackson.databind.node.ObjectNode json =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary.toFile());
    json.remove("sparkline");
    Files.writeString(summary, json.toString());
    Path index = ArchiveIndex.rebuild(new Archive(root), null, ZoneOffset.UTC);
    Element row = Jsoup.parse(index.toFile(), "UTF-8").getElementById("ftjob-old");
    assertEquals(60, row.selectFirst("polyline").attr("points").split(" ").length);
  }

  @Test
  void aDaysLeftColumnForEachJobsModelWithTheSoonestHighlighted() throws Exception {
    folder("succeeded", "ftjob-mini");
    folder("overfit", "ftjob-other");
    Path other = root.resolve("ftjob-other").resolve("summary.json");
    Files.writeString(
        other,
        Files.readString(other)
            .replaceAll(
                "\"fine_tuned_model\" *: *\"[^\"]*\"",
                "\"fine_tuned_model\": \"ft:gpt-4.1-2025-04-14:acme::zz\""));
    folder("succeeded", "ftjob-nano");
    Path nano = root.resolve("ftjob-nano").resolve("summary.json");
    Files.writeString(
        nano,
        Files.readString(nano)
            .replace("ft:gpt-4o-mini-2024-07-18:", "ft:gpt-4.1-nano-2025-04-14:"));
    // today 2026-11-29 for the index; gpt-4.1 moved to 2027-03-01 by the user's table
    Path dates = root.resolve("dates.json");
    Files.writeString(dates, "{\"models\": {\"gpt-4.1-2025-04-14\": \"2027-03-01\"}}");
    Shutdowns shutdowns =
        new Shutdowns(
            RetirementTable.builtIn().withOverrides(dates),
            Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC));

    Document doc =
        Jsoup.parse(
            ArchiveIndex.rebuild(new Archive(root), null, ZoneOffset.UTC, shutdowns).toFile(),
            "UTF-8");
    List<String> headers = doc.select("thead th").eachText();
    assertEquals(
        List.of("model shuts down", "days left"),
        headers.subList(headers.size() - 2, headers.size()));
    // 2026-11-29 -> 2027-01-14: 46 days; -> 2027-03-01: 46 + 17 + 28 + 1 = 92; nano's 2026-10-23
    // has passed
    List<String> mini = doc.getElementById("ftjob-mini").select("td").eachText();
    assertEquals(List.of("2027-01-14", "46"), mini.subList(mini.size() - 2, mini.size()));
    List<String> later = doc.getElementById("ftjob-other").select("td").eachText();
    assertEquals(List.of("2027-03-01", "92"), later.subList(later.size() - 2, later.size()));
    List<String> gone = doc.getElementById("ftjob-nano").select("td").eachText();
    assertEquals(List.of("2026-10-23", "shut down"), gone.subList(gone.size() - 2, gone.size()));
    assertEquals(
        List.of("ftjob-mini"),
        doc.select("tr.soonest").eachAttr("id"),
        "the soonest still to come");

    Document plain =
        Jsoup.parse(
            ArchiveIndex.rebuild(new Archive(root), null, ZoneOffset.UTC).toFile(), "UTF-8");
    assertTrue(plain.select("tr.soonest").isEmpty());
    assertEquals("", plain.getElementById("ftjob-mini").select("td").last().text());
  }

  @Test
  void concurrentRebuildsNeverLeaveABrokenPage() throws Exception {
    folder("succeeded", "ftjob-a");
    folder("overfit", "ftjob-b");
    Archive archive = new Archive(root);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> writers =
          List.of(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 15; i++) {
                      ArchiveIndex.rebuild(archive, null, ZoneOffset.UTC);
                    }
                  }),
              pool.submit(
                  () -> {
                    for (int i = 0; i < 15; i++) {
                      ArchiveIndex.rebuild(archive, null, ZoneOffset.UTC);
                    }
                  }));
      Future<Integer> reader =
          pool.submit(
              () -> {
                int reads = 0;
                while (writers.stream().anyMatch(f -> !f.isDone())) {
                  if (Files.exists(archive.indexFile())) {
                    String html = Files.readString(archive.indexFile());
                    assertTrue(html.strip().endsWith("</html>"), "complete page");
                    assertEquals(2, Jsoup.parse(html).select("tr.job").size());
                    reads++;
                  }
                }
                return reads;
              });
      for (Future<?> w : writers) {
        w.get(60, TimeUnit.SECONDS);
      }
      reader.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    try (var files = Files.list(root)) {
      assertTrue(
          files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")),
          "no temporary file left");
    }
  }
}
