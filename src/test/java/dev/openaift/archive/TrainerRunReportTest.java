package dev.openaift.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.openaift.metrics.AnalysisOptions;
import dev.openaift.report.ReportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Trainer's best checkpoint as the report shows it; the pages warmed beside the read. */
class TrainerRunReportTest {
  private static final Path FIXTURES = Path.of("src/test/resources/trainer");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-07T06:00:00Z"), ZoneOffset.UTC);

  @TempDir Path tmp;

  @Test
  void theBestMetricIsWrittenAsThePageWritesMetrics() {
    assertEquals(
        "checkpoint-40 (best_metric 0.8531)",
        TrainerRunReport.trainersBest("checkpoint-40 (best_metric 0.8530871868133545)"));
  }

  @Test
  void anythingElseStaysAsTheReaderGaveIt() {
    assertEquals("checkpoint-40", TrainerRunReport.trainersBest("checkpoint-40"));
    assertEquals(
        "checkpoint-40 (best_metric n/a)",
        TrainerRunReport.trainersBest("checkpoint-40 (best_metric n/a)"));
  }

  /**
   * A run reported with the pages warmed on a helper while it is read (as a large state is), the
   * heap collected after the read and the state copied beside the pages gives the same files, byte
   * for byte, as one reported without the warm-up: the warm-up keeps nothing a report shows.
   */
  @ParameterizedTest
  @ValueSource(strings = {"lora-run", "messy.json", "stress.json"})
  void aWarmedReportIsTheSameBytes(String fixture) throws IOException {
    Path cold = report(fixture, "cold", Long.MAX_VALUE);
    Path warm = report(fixture, "warm", 0);
    List<Path> coldFiles = files(cold);
    assertEquals(
        coldFiles.stream().map(cold::relativize).toList(),
        files(warm).stream().map(warm::relativize).toList());
    for (Path f : coldFiles) {
      assertArrayEquals(
          Files.readAllBytes(f), Files.readAllBytes(warm.resolve(cold.relativize(f))), f + "");
    }
    assertArrayEquals(
        Files.readAllBytes(
            Files.isDirectory(FIXTURES.resolve(fixture))
                ? FIXTURES.resolve(fixture).resolve("trainer_state.json")
                : FIXTURES.resolve(fixture)),
        Files.readAllBytes(warm.resolve("trainer_state.json")));
  }

  private Path report(String fixture, String name, long warmUpBytes) {
    Path out = tmp.resolve(name);
    new TrainerRunReport(
            FIXTURES.resolve(fixture),
            out,
            null,
            notice -> {},
            AnalysisOptions.DEFAULTS,
            CLOCK,
            warmUpBytes,
            true)
        .write(ReportOptions.defaults(), name);
    return out;
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
