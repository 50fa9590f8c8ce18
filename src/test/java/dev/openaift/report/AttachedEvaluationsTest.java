package dev.openaift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachedEvaluationsTest {
  @TempDir Path tmp;

  @Test
  void attachAddsCellsToTheJobReportOnceAndSurvivesARebuild() throws Exception {
    Path job = tmp.resolve("ftjob-1");
    ReportService.write(
        TestAnalyses.sample(),
        ReportOptions.of(EnumSet.of(ReportFormat.HTML, ReportFormat.IPYNB), null, false),
        job);
    int before =
        Jsoup.parse(job.resolve("index.html").toFile()).select("section.cell-group").size();
    int nbBefore =
        new ObjectMapper().readTree(job.resolve("report.ipynb").toFile()).get("cells").size();

    assertTrue(AttachedEvaluations.attach(job, EvalReportTest.input(false), "valid-1234", null));
    assertTrue(
        AttachedEvaluations.attach(job, EvalReportTest.input(false), "valid-1234", null),
        "a second attach replaces the first");
    Document d = Jsoup.parse(job.resolve("index.html").toFile());
    var sections = d.select("section.cell-group");
    assertEquals(before + 9, sections.size());
    Element first = d.getElementById("cell-eval-valid-1234-summary");
    assertNotNull(first);
    assertEquals("In [" + (before + 1) + "]:", first.selectFirst(".prompt.in").text());
    assertEquals("evals/valid-1234/eval.html", d.selectFirst("section.evaluation a").attr("href"));
    assertTrue(
        d.selectFirst("footer").previousElementSibling().hasClass("evaluation"),
        "before the footer");

    JsonNode nb = new ObjectMapper().readTree(job.resolve("report.ipynb").toFile());
    int added = nb.get("cells").size() - nbBefore;
    assertTrue(added > 9, "markdown and code cells: " + added);
    assertTrue(nb.toString().contains("evals/valid-1234/eval.csv"));

    // rebuilding the job's report keeps the attached cells
    ReportService.write(
        TestAnalyses.sample(),
        ReportOptions.of(EnumSet.of(ReportFormat.HTML, ReportFormat.IPYNB), null, false),
        job);
    assertEquals(
        before + 9,
        Jsoup.parse(job.resolve("index.html").toFile()).select("section.cell-group").size());
    assertEquals(
        nbBefore + added,
        new ObjectMapper().readTree(job.resolve("report.ipynb").toFile()).get("cells").size());
    assertTrue(Files.isRegularFile(job.resolve("evals/valid-1234/job-section.json")));
  }

  @Test
  void aRebuiltReportNumbersTheEvaluationAfterItsOwnCells() throws Exception {
    Path job = tmp.resolve("ftjob-2");
    ReportOptions options =
        ReportOptions.of(EnumSet.of(ReportFormat.HTML, ReportFormat.IPYNB), null, false);
    ReportService.write(TestAnalyses.sample(), options, job);
    AttachedEvaluations.attach(job, EvalReportTest.input(false), "valid-1234", null);

    // the job's report is rebuilt from records that make fewer cells than when it was attached
    ReportService.write(TestAnalyses.bare(), options, job);
    Document d = Jsoup.parse(job.resolve("index.html").toFile());
    int own = d.select("section.cell-group:not(.evaluation section)").size();
    var numbers = d.select("section.cell-group .prompt.in").eachText();
    assertEquals(
        "In [" + (own + 1) + "]:",
        d.getElementById("cell-eval-valid-1234-summary").selectFirst(".prompt.in").text());
    assertEquals(numbers.size(), Set.copyOf(numbers).size(), "no number twice: " + numbers);
    assertEquals("In [" + numbers.size() + "]:", numbers.get(numbers.size() - 1));
  }

  @Test
  void anEvaluationAttachedAsFinishedHtmlStaysAsItIs() throws Exception {
    Path job = tmp.resolve("ftjob-3");
    ReportOptions options =
        ReportOptions.of(EnumSet.of(ReportFormat.HTML, ReportFormat.IPYNB), null, false);
    Path old = Files.createDirectories(job.resolve("evals/older-1"));
    String section = "<section class=\"evaluation\"><h2>Evaluation of an older run</h2></section>";
    Files.writeString(old.resolve(AttachedEvaluations.OLD_HTML), section);
    Files.writeString(old.resolve(AttachedEvaluations.NOTEBOOK_CELLS), "[]");

    ReportService.write(TestAnalyses.sample(), options, job);
    Document d = Jsoup.parse(job.resolve("index.html").toFile());
    assertEquals("Evaluation of an older run", d.selectFirst("section.evaluation h2").text());
    assertTrue(d.selectFirst("footer").previousElementSibling().hasClass("evaluation"));
  }
}
