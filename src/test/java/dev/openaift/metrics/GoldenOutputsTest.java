package dev.openaift.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Locks {@code summary.json} and {@code metrics.csv} of the fixture jobs byte for byte against the
 * {@code expected-*} files beside them.
 *
 * <p>After an intended change, regenerate them with {@code mvn -o test -Dtest=GoldenOutputsTest
 * -Dopenaift.updateGolden=true} and review the diff.
 */
class GoldenOutputsTest {

  private static final boolean UPDATE = Boolean.getBoolean("openaift.updateGolden");

  @ParameterizedTest
  @ValueSource(strings = {"succeeded", "overfit", "dpo", "reinforcement"})
  void summaryAndMetricsMatchTheGoldenFiles(String job) throws IOException {
    JobAnalysis a =
        Analyzer.analyze(
            JobInputs.fromDirectory(Fixtures.path("jobs/" + job)), AnalysisOptions.DEFAULTS);
    String summary = SummaryJson.write(a);
    StringBuilder csv = new StringBuilder();
    MetricsCsv.write(a, csv);
    check("jobs/" + job + "/expected-summary.json", summary);
    check("jobs/" + job + "/expected-metrics.csv", csv.toString());
  }

  private static void check(String fixture, String actual) throws IOException {
    if (UPDATE) {
      Path target = Fixtures.sourcePath(fixture);
      Files.writeString(target, actual, StandardCharsets.UTF_8);
      return;
    }
    String expected = Files.readString(Fixtures.path(fixture), StandardCharsets.UTF_8);
    assertEquals(expected, actual, fixture + " differs (see the class comment to regenerate)");
  }
}
