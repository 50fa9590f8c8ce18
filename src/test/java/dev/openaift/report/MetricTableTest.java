package dev.openaift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.openaift.metrics.AnalysisOptions;
import dev.openaift.metrics.Analyzer;
import dev.openaift.metrics.JobAnalysis;
import dev.openaift.metrics.JobInputs;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** The page's metric table: final, best and smoothed values beside the numbers of summary.json. */
class MetricTableTest {

  private static Element row(Document html, String metric) {
    for (Element code : html.select("td > code")) {
      if (code.text().equals(metric)) {
        return code.parent().parent();
      }
    }
    throw new AssertionError("no row for " + metric);
  }

  @Test
  void classificationMetricsAreBestAtTheirHighest() throws URISyntaxException {
    Path csv =
        Path.of(
            getClass().getResource("/fixtures/results/legacy_classification_binary.csv").toURI());
    JobAnalysis a =
        Analyzer.analyze(new JobInputs(csv, null, null, null), AnalysisOptions.DEFAULTS);
    Document html =
        HtmlReportTest.parse(
            ReportRenderer.render(a, ReportOptions.of(EnumSet.of(ReportFormat.HTML), null, false))
                .get(ReportRenderer.HTML_FILE));
    // precision, recall, AUROC, AUPRC and F1 are better when higher, like accuracy
    for (String m :
        List.of(
            "classification/accuracy",
            "classification/precision",
            "classification/recall",
            "classification/auroc",
            "classification/auprc",
            "classification/f1.0")) {
      Element r = row(html, m);
      assertEquals(a.stats().get(m).max(), Double.parseDouble(r.child(4).text()), 1e-9, m);
      assertEquals("step 4", r.child(5).text(), m);
    }
  }
}
