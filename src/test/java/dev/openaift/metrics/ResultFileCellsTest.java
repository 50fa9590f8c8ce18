package dev.openaift.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.io.InputFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The result file's cells read by {@link NumberRules} (issue 19, "One reading of a number") and
 * every shape of Azure's result files (issue 20, 5b).
 */
class ResultFileCellsTest {

  private static ResultTable read(String csv, boolean jobFinished) {
    return ResultFileReader.read(
        csv.getBytes(StandardCharsets.UTF_8), Path.of("r.csv"), jobFinished);
  }

  private static InputFileException fail(String csv) {
    return assertThrows(InputFileException.class, () -> read(csv, true));
  }

  private static ResultTable fixture(String name) {
    return ResultFileReader.read(Fixtures.path("results/" + name));
  }

  private static final double NaN = Double.NaN;

  @Test
  void valuesOnceUsedAsMarkersAreOrdinaryNumbers() {
    String csv =
        "step,train_loss,train_accuracy\n1,-7.778e307,0.5\n2,0.4,-7.779e307\n3,0.3,-7.777e307";
    ResultTable t = read(csv, true);
    assertArrayEquals(new long[] {1, 2, 3}, t.table().steps());
    assertArrayEquals(new double[] {-7.778e307, 0.4, 0.3}, t.table().column("train_loss"));
    assertArrayEquals(
        new double[] {0.5, -7.779e307, -7.777e307}, t.table().column("train_accuracy"));
    assertEquals(List.of(), t.warnings(), "nothing is missing, nothing was cut");
  }

  @Test
  void spacesAndQuotesAroundACellAreIgnoredInsideAndOut() {
    String csv = "step,train_loss,train_accuracy\n1,\" 1.5 \", 1.5\n\"2\",  \"0.5\" ,\"\"\n";
    ResultTable t = read(csv, false);
    assertArrayEquals(new double[] {1.5, 0.5}, t.table().column("train_loss"));
    assertArrayEquals(new double[] {1.5, NaN}, t.table().column("train_accuracy"));
  }

  @Test
  void aQuotedCellHoldingACommaIsOneCellAndNamedWhole() {
    InputFileException e = fail("step,train_loss,train_accuracy\n1,\"1,5\",0.5\n");
    assertEquals("r.csv:2:2: non-numeric value \"1,5\" in column train_loss", e.getMessage());
    InputFileException quote = fail("step,train_loss\n1,\"say \"\"hi\"\"\"\n");
    assertEquals(
        "r.csv:2:2: non-numeric value \"say \"hi\"\" in column train_loss", quote.getMessage());
  }

  @Test
  void aQuotedColumnNameMayHoldACommaAndIsAColumnOfItsOwn() {
    ResultTable t = read("step,\"loss, smoothed\",train_loss\n1,0.5,0.6\n", true);
    assertArrayEquals(new double[] {0.5}, t.table().column("loss, smoothed"));
    assertArrayEquals(new double[] {0.6}, t.table().column("train_loss"));
  }

  @Test
  void hexadecimalAndOtherJavaOnlySpellingsAreNotNumbers() {
    assertEquals(
        "r.csv:2:2: non-numeric value \"0x1p3\" in column train_loss",
        fail("step,train_loss\n1,0x1p3\n").getMessage());
    assertEquals(
        "r.csv:2:2: non-numeric value \"1d\" in column train_loss",
        fail("step,train_loss\n1,1d\n").getMessage());
  }

  @Test
  void aHugeStepIsRefusedByTheStepRule() {
    assertEquals(
        "r.csv:2:1: a step is a whole number from 1 to 10^15, was \"1e300\"",
        fail("step,train_loss\n1e300,0.5\n").getMessage());
  }

  @Test
  void azureOctober2025FileReadsWithItsTimesAndErrorRateColumns() {
    ResultTable t = fixture("azure_2025.csv");
    assertEquals("current", t.format());
    assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6, 7, 8}, t.table().steps());
    assertEquals("valid_mean_token_accuracy", t.sourceColumns().get("valid_accuracy"));
    assertEquals("train_mean_token_accuracy", t.sourceColumns().get("train_accuracy"));
    double[] full = t.table().column("full_valid_loss");
    assertEquals(1.80442, full[3]);
    assertEquals(1.49871, full[7]);
    assertTrue(Double.isNaN(full[0]) && Double.isNaN(full[4]), "epoch ends only");
    assertEquals(0.64803, t.table().column("full_valid_accuracy")[7]);
    for (String rate : List.of("train_error_rate", "valid_error_rate", "full_valid_error_rate")) {
      assertNotNull(t.table().column(rate), rate + " kept as an extra");
    }
    assertNull(t.table().column("timestamp"), "times are not a metric");
    StepTiming timing = t.timing();
    assertEquals(1, timing.firstStep());
    assertEquals(8, timing.lastStep());
    assertEquals(8, timing.rows());
    assertEquals(1761411336.912, timing.firstAt(), 1e-6);
    assertEquals(50.831, timing.seconds(), 1e-6);
    assertEquals(50.831 / 7, timing.secondsPerStep(), 1e-6);
    assertEquals(List.of(), t.warnings(), "every column of this file is known");
  }

  @Test
  void azureDocsValidationMeanTokenAccuracyIsTheValidationAccuracyOfACurrentFile() {
    ResultTable t = fixture("azure_docs.csv");
    assertEquals("current", t.format());
    assertEquals("validation_mean_token_accuracy", t.sourceColumns().get("valid_accuracy"));
    assertArrayEquals(new double[] {0.50871, 0.56103, 0.61208}, t.table().column("valid_accuracy"));
    assertEquals(0.61922, t.table().column("full_valid_accuracy")[2]);
    assertEquals(List.of(), t.warnings());
    assertNull(t.timing());
  }

  @Test
  void azure2024FileReadsAsTheCurrentShape() {
    ResultTable t = fixture("azure_2024.csv");
    assertEquals("current", t.format());
    assertEquals(
        List.of("train_loss", "train_accuracy", "valid_loss", "valid_accuracy"), t.table().names());
  }

  @Test
  void aColumnNotKnownIsKeptWithANoteWhenNumericAndLeftOutWithANoteWhenText() {
    ResultTable t =
        read("step,train_loss,kl,phase\n1,0.5,0.01,warmup\n2,0.4,0.02,main\n3,0.3,,main\n", true);
    assertArrayEquals(new double[] {0.01, 0.02, NaN}, t.table().column("kl"));
    assertNull(t.table().column("phase"));
    assertEquals(
        List.of(
            "r.csv:2: column phase is not one openai-ft knows and holds text (\"warmup\" and 2"
                + " more), not numbers; left out",
            "r.csv: column kl is not one openai-ft knows; kept as extra metric"),
        t.warnings());
  }

  @Test
  void aTextCellInAKnownColumnOrABadTimeIsStillRefused() {
    assertEquals(
        "r.csv:2:2: non-numeric value \"warmup\" in column train_loss",
        fail("step,train_loss\n1,warmup\n").getMessage());
    assertEquals(
        "r.csv:3:3: not a time (ISO 8601) \"soon\" in column timestamp",
        fail("step,train_loss,timestamp\n1,0.5,2025-10-25T16:55:36.9120000Z\n2,0.4,soon\n")
            .getMessage());
  }

  @Test
  void timesWithoutAZoneAreReadAsUtcWithAWarning() {
    ResultTable t = read("step,train_loss,timestamp\n1,0.5,2025-10-25T16:55:36\n2,0.4,\n", true);
    assertEquals(1761411336.0, t.times()[0], 1e-6);
    assertTrue(Double.isNaN(t.times()[1]));
    assertEquals(List.of("r.csv: 1 time without a time zone read as UTC"), t.warnings());
  }

  @Test
  void aSplitReadGivesTheSameTimesAndNotes() {
    StringBuilder csv = new StringBuilder("step,train_loss,phase,timestamp\n");
    for (int s = 1; s <= 3000; s++) {
      csv.append(s)
          .append(",0.5,")
          .append(s == 2000 ? "x" : "")
          .append(",2025-10-25T16:55:")
          .append(String.format(java.util.Locale.ROOT, "%02d", s % 60))
          .append("Z\n");
    }
    byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
    ResultTable one = ResultFileReader.read(bytes, Path.of("r.csv"), true, Integer.MAX_VALUE);
    ResultTable two = ResultFileReader.read(bytes, Path.of("r.csv"), true, 1000);
    assertArrayEquals(one.times(), two.times());
    assertEquals(one.warnings(), two.warnings());
    assertEquals(
        List.of(
            "r.csv:2001: column phase is not one openai-ft knows and holds text (\"x\"), not"
                + " numbers; left out"),
        one.warnings());
  }
}
