package dev.openaift.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real jar: a report from an archived job folder, and a bad input's message and exit code.
 */
class JarEndToEndIT {
  @TempDir Path tmp;

  @Test
  void reportFromFolder() throws Exception {
    Path out = tmp.resolve("out");
    JarRunner.Result r =
        JarRunner.run(tmp, "report", ReportFixtures.SUCCEEDED.toString(), "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("", r.err());
    for (String f : new String[] {"index.html", "report.ipynb", "summary.json", "metrics.csv"}) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
    assertTrue(r.out().contains(out.resolve("index.html").toString()), r.out());
    try (Stream<Path> files = Files.list(out)) {
      assertFalse(
          files.anyMatch(f -> f.getFileName().toString().contains(".tmp")),
          "temp files left behind");
    }
  }

  @Test
  void summaryAndMetricsAloneLoadNoDrawingClass() throws Exception {
    // --format json,csv draws nothing, so no AWT, Java2D, ImageIO or XChart class may load
    List<String> jsonCsv = loadedDrawingClasses("json,csv");
    assertEquals(List.of(), jsonCsv);
    // the same check sees them when a figure is drawn
    assertFalse(loadedDrawingClasses("png").isEmpty());
  }

  private List<String> loadedDrawingClasses(String formats) throws Exception {
    Path out = tmp.resolve("out-" + formats.replace(',', '-'));
    Path log = tmp.resolve("classes-" + formats.replace(',', '-') + ".log");
    JarRunner.Result r =
        JarRunner.run(
            tmp,
            Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log),
            "report",
            ReportFixtures.SUCCEEDED.toString(),
            "--out",
            out.toString(),
            "--format",
            formats);
    assertEquals(0, r.exitCode(), r.err());
    try (Stream<Path> written = Files.list(out)) {
      assertTrue(written.findAny().isPresent(), "nothing written to " + out);
    }
    return Files.readAllLines(log).stream()
        .filter(
            l ->
                l.contains(" java.awt.")
                    || l.contains(" sun.java2d.")
                    || l.contains(" javax.imageio.")
                    || l.contains(" org.knowm.xchart."))
        .toList();
  }

  @Test
  void malformedCsvIsOneLineAndExitFive() throws Exception {
    Path csv = tmp.resolve("bad.csv");
    Files.writeString(
        csv,
        "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n"
            + "1,0.5,0.1,,\n"
            + "2,oops,0.2,,\n",
        StandardCharsets.UTF_8);
    Path out = tmp.resolve("out");
    JarRunner.Result r =
        JarRunner.run(tmp, "report", "--results", csv.toString(), "--out", out.toString());
    assertEquals(5, r.exitCode(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("bad.csv:3:2"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    assertFalse(Files.exists(out.resolve("index.html")), "no report may be written for bad input");
  }

  @Test
  void unknownOptionIsUsage() throws Exception {
    JarRunner.Result r = JarRunner.run(tmp, "report", "--no-such-option");
    assertEquals(2, r.exitCode(), r.err());
  }
}
