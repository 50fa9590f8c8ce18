package dev.openaift.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.io.InputFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFileReaderTest {

  private static ResultTable read(String fixture) {
    return ResultFileReader.read(Fixtures.path("results/" + fixture));
  }

  private static long[] steps(ResultTable t) {
    return t.table().steps();
  }

  private static double[] col(ResultTable t, String name) {
    return t.table().column(name);
  }

  private static final double NaN = Double.NaN;

  @Test
  void everyWayOfWritingANumberReadsAsJavaReadsIt() {
    // cells the one-pass reader takes, and cells it leaves to the full parser, side by side
    String[] texts = {
      "0.5",
      "-0",
      "1.",
      "-.5",
      "007",
      "0.000",
      "123456789012345",
      "1234567890123456",
      "0.1234567890123456789",
      "1.00000000000000000000001",
      "99999999999999.9",
      "-3.14159",
      "1e-3",
      "2E5",
      " 2 ",
      "\"3.5\"",
      "+4",
      "\t0.25",
      "5 ",
      "0.30000000000000004",
      "9007199254740993",
      "4.35",
      "1.0000001",
      "-0.0",
      "12345.678901"
    };
    java.util.Random random = new java.util.Random(3);
    StringBuilder file = new StringBuilder("step,train_loss,train_accuracy\n");
    List<String> expected = new java.util.ArrayList<>();
    for (int row = 1; row <= 400; row++) {
      String a = texts[random.nextInt(texts.length)];
      String b =
          random.nextBoolean()
              ? texts[random.nextInt(texts.length)]
              : String.valueOf(random.nextDouble() * Math.pow(10, random.nextInt(12) - 6));
      file.append(row).append(',').append(a).append(',').append(b).append('\n');
      expected.add(a);
      expected.add(b);
    }
    ResultTable t =
        ResultFileReader.read(
            file.toString().getBytes(StandardCharsets.UTF_8), Path.of("cells.csv"), true);
    double[] loss = col(t, "train_loss");
    double[] accuracy = col(t, "train_accuracy");
    for (int row = 0; row < 400; row++) {
      for (int c = 0; c < 2; c++) {
        String text = expected.get(2 * row + c).strip().replace("\"", "");
        double got = c == 0 ? loss[row] : accuracy[row];
        assertEquals(
            Double.doubleToLongBits(Double.parseDouble(text)),
            Double.doubleToLongBits(got),
            "row " + (row + 1) + ": " + expected.get(2 * row + c));
      }
    }
  }

  @Test
  void currentFormatMapsValidMeanTokenAccuracyAndKeepsBlankCellsMissing() {
    ResultTable t = read("current.csv");
    assertEquals("current", t.format());
    assertEquals(
        List.of("train_loss", "train_accuracy", "valid_loss", "valid_accuracy"), t.table().names());
    assertArrayEquals(new long[] {1, 2, 3, 4}, steps(t));
    assertArrayEquals(new double[] {1.52347, 1.2, 0.9, 6e-05}, col(t, "train_loss"));
    assertArrayEquals(new double[] {0.0, 0.5, 0.6, 1.0}, col(t, "train_accuracy"));
    assertArrayEquals(new double[] {NaN, 1.3, NaN, 0.8}, col(t, "valid_loss"));
    assertEquals("valid_mean_token_accuracy", t.sourceColumns().get("valid_accuracy"));
    assertEquals(List.of(), t.warnings());
  }

  @Test
  void legacyWithoutValidationRenamesTrainingColumnsAndKeepsTheRestAsExtras() {
    ResultTable t = read("legacy_no_validation.csv");
    assertEquals("legacy", t.format());
    assertEquals(
        List.of(
            "train_loss",
            "train_accuracy",
            "elapsed_tokens",
            "elapsed_examples",
            "training_sequence_accuracy"),
        t.table().names());
    assertEquals(2.134567890123, col(t, "train_loss")[0]);
    assertEquals(0.51234567, col(t, "train_accuracy")[0]);
    assertEquals(
        Map.of("train_loss", "training_loss", "train_accuracy", "training_token_accuracy"),
        t.sourceColumns());
    assertEquals(List.of(), t.warnings(), "the trailing blank line of the old CLI is fine");
  }

  @Test
  void legacyWithValidationMapsValidationTokenAccuracy() {
    ResultTable t = read("legacy_with_validation.csv");
    assertEquals(
        List.of(
            "train_loss",
            "train_accuracy",
            "valid_loss",
            "valid_accuracy",
            "elapsed_tokens",
            "elapsed_examples",
            "training_sequence_accuracy",
            "validation_sequence_accuracy"),
        t.table().names());
    assertArrayEquals(new double[] {NaN, 2.0, NaN, 1.8}, col(t, "valid_loss"));
    assertArrayEquals(new double[] {NaN, 0.52, NaN, 0.58}, col(t, "valid_accuracy"));
  }

  @Test
  void legacyBinaryClassificationColumnsAreKeptUnderTheirNames() {
    ResultTable t = read("legacy_classification_binary.csv");
    StepTable table = t.table();
    for (String c :
        List.of(
            "classification/accuracy",
            "classification/precision",
            "classification/recall",
            "classification/auroc",
            "classification/auprc",
            "classification/f1.0")) {
      assertTrue(table.columns().containsKey(c), c);
    }
    assertArrayEquals(new double[] {NaN, 0.7, NaN, 0.8}, col(t, "classification/accuracy"));
  }

  @Test
  void legacyMulticlassClassificationColumns() {
    ResultTable t = read("legacy_classification_multiclass.csv");
    assertArrayEquals(
        new double[] {NaN, 0.41, NaN, 0.6, NaN, 0.69}, col(t, "classification/weighted_f1_score"));
  }

  @Test
  void unknownNumericColumnsAreKeptInFileOrder() {
    ResultTable t = read("extras.csv");
    assertEquals(
        List.of(
            "train_loss",
            "train_accuracy",
            "valid_loss",
            "valid_accuracy",
            "train_mean_reward",
            "kl_divergence"),
        t.table().names());
    assertArrayEquals(new double[] {0.0, 0.012, 0.031}, col(t, "kl_divergence"));
  }

  @Test
  void base64ContentIsDetectedAndDecoded() {
    ResultTable t = read("base64_current.txt");
    assertArrayEquals(new long[] {1, 2, 3}, steps(t));
    assertArrayEquals(new double[] {1.5, 1.4, 1.3}, col(t, "train_loss"));
  }

  @Test
  void bomCrlfScientificNotationAndNanInfCells() {
    ResultTable t = read("crlf_bom_notation.csv");
    assertArrayEquals(new double[] {1e-05, 0.0025, 0.001}, col(t, "train_loss"));
    assertArrayEquals(
        new double[] {NaN, NaN, NaN}, col(t, "valid_loss"), "nan and inf read as missing");
    assertArrayEquals(new double[] {NaN, NaN, 0.75}, col(t, "valid_accuracy"));
    assertEquals(
        List.of(
            "crlf_bom_notation.csv: 2 non-finite cells (nan, inf, or too large such as 1e400) read"
                + " as missing"),
        t.warnings());
  }

  @Test
  void trailingBlankLinesAreIgnored() {
    ResultTable t = read("trailing_blank_lines.csv");
    assertArrayEquals(new long[] {1, 2}, steps(t));
    assertEquals(List.of(), t.warnings());
  }

  @Test
  void aLastLineWithTooFewCellsIsDroppedWithAWarning() {
    ResultTable t = read("truncated_last_line.csv");
    assertArrayEquals(new long[] {1, 2}, steps(t));
    assertEquals(
        List.of("truncated_last_line.csv:4: last line is incomplete (job still running?); ignored"),
        t.warnings());
  }

  @Test
  void aLastLineCutMidNumberWithoutLineBreakIsDropped() {
    ResultTable t = read("truncated_no_newline.csv");
    assertArrayEquals(new long[] {1, 2}, steps(t));
    assertEquals(
        List.of(
            "truncated_no_newline.csv:4: last line is incomplete: no line break (cut while the job"
                + " was writing it?); ignored"),
        t.warnings());
  }

  @Test
  void rowsOutOfOrderAreSortedWithAWarning() {
    ResultTable t = read("unsorted.csv");
    assertArrayEquals(new long[] {1, 2, 3}, steps(t));
    assertArrayEquals(new double[] {1.5, 1.4, 1.3}, col(t, "train_loss"));
    assertEquals(
        List.of("unsorted.csv:3: rows are not in step order; sorted by step"), t.warnings());
  }

  @Test
  void fullPrecisionAndLongMantissasParseExactly() {
    String csv =
        "step,train_loss\n"
            + "1,0.30000000000000004\n"
            + "2,123456789012345678\n"
            + "3,-2.5e-310\n"
            + "4,+7\n"
            + "5,\"0.25\"\n";
    ResultTable t = ResultFileReader.read(csv.getBytes(StandardCharsets.UTF_8), Path.of("r.csv"));
    assertArrayEquals(
        new double[] {0.30000000000000004, 123456789012345678.0, -2.5e-310, 7, 0.25},
        col(t, "train_loss"));
  }

  // ------------------------------------------------------------------ errors

  private static InputFileException failure(String fixture) {
    return assertThrows(InputFileException.class, () -> read(fixture));
  }

  @Test
  void missingHeaderNamesTheFirstNumericCell() {
    InputFileException e = failure("no_header.csv");
    assertEquals(1, e.line());
    assertEquals(1, e.column());
    assertTrue(
        e.getMessage()
            .endsWith(
                "no_header.csv:1:1: missing header: the first line holds values (\"1\"),"
                    + " expected column names such as step,train_loss,..."),
        e.getMessage());
  }

  @Test
  void headerWithoutStepColumn() {
    InputFileException e = failure("no_step_column.csv");
    assertTrue(
        e.getMessage()
            .endsWith(
                "no_step_column.csv:1:1: missing header: no \"step\" column in the first line"),
        e.getMessage());
  }

  @Test
  void nonNumericCellNamesLineColumnAndHeader() {
    InputFileException e = failure("non_numeric.csv");
    assertEquals(3, e.line());
    assertEquals(2, e.column());
    assertTrue(
        e.getMessage()
            .endsWith("non_numeric.csv:3:2: non-numeric value \"abc\" in column train_loss"),
        e.getMessage());
  }

  @Test
  void emptyFile() {
    InputFileException e = failure("empty.csv");
    assertTrue(
        e.getMessage().endsWith("empty.csv: empty file, expected CSV with a header line"),
        e.getMessage());
  }

  @Test
  void binaryFile() {
    InputFileException e = failure("binary.csv");
    assertTrue(e.getMessage().endsWith("binary.csv: binary file, expected CSV"), e.getMessage());
  }

  @Test
  void invalidUtf8IsBinary() {
    byte[] content = {'s', 't', 'e', 'p', '\n', '1', (byte) 0xC3, (byte) 0x28, '\n'};
    InputFileException e =
        assertThrows(
            InputFileException.class, () -> ResultFileReader.read(content, Path.of("x.csv")));
    assertEquals("x.csv: binary file, expected CSV", e.getMessage());
  }

  @Test
  void duplicateStepNamesBothLines() {
    InputFileException e = failure("duplicate_step.csv");
    assertTrue(
        e.getMessage().endsWith("duplicate_step.csv:4:1: duplicate step 2 (also on line 3)"),
        e.getMessage());
  }

  @Test
  void missingCellsInTheMiddleAreAnError() {
    InputFileException e = failure("missing_cells.csv");
    assertTrue(
        e.getMessage()
            .endsWith("missing_cells.csv:3:3: expected 3 cells as in the header, found 2"),
        e.getMessage());
  }

  @Test
  void extraCellsAreAnError() {
    InputFileException e = failure("extra_cells.csv");
    assertTrue(
        e.getMessage()
            .endsWith("extra_cells.csv:3:4: expected 3 cells as in the header, found more"),
        e.getMessage());
  }

  @Test
  void nonIntegerStep() {
    InputFileException e =
        assertThrows(
            InputFileException.class,
            () ->
                ResultFileReader.read(
                    "step,train_loss\n1.5,2\n3,4\n".getBytes(StandardCharsets.UTF_8),
                    Path.of("s.csv")));
    assertEquals(
        "s.csv:2:1: step must be a positive whole number (steps count from 1), was \"1.5\"",
        e.getMessage());
  }

  @Test
  void headerOnlyHasNoRows() {
    InputFileException e =
        assertThrows(
            InputFileException.class,
            () ->
                ResultFileReader.read(
                    "step,train_loss\n".getBytes(StandardCharsets.UTF_8), Path.of("h.csv")));
    assertEquals("h.csv:1: no data rows after the header", e.getMessage());
  }

  @Test
  void missingFileAndDirectory(@TempDir Path dir) {
    InputFileException missing =
        assertThrows(
            InputFileException.class, () -> ResultFileReader.read(dir.resolve("nope.csv")));
    assertEquals(dir.resolve("nope.csv") + ": no such file", missing.getMessage());
    InputFileException directory =
        assertThrows(InputFileException.class, () -> ResultFileReader.read(dir));
    assertEquals(dir + ": is a directory, expected a result file (CSV)", directory.getMessage());
  }

  // ------------------------------------------------------------------ fuzzing findings (issue 9)

  private static ResultTable readText(String csv, boolean jobFinished) {
    return ResultFileReader.read(
        csv.getBytes(StandardCharsets.UTF_8), Path.of("r.csv"), jobFinished);
  }

  private static InputFileException failText(String csv) {
    return assertThrows(
        InputFileException.class,
        () -> ResultFileReader.read(csv.getBytes(StandardCharsets.UTF_8), Path.of("r.csv")));
  }

  private static final String HEAD =
      "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n"
          + "1,1.5,0.5,,\n2,1.4,0.55,1.45,0.5\n";

  @Test
  void aLastLineWithoutLineBreakIsDroppedEvenWhenItParsesUnlessTheJobIsKnownFinished() {
    // the service wrote 0.73847; the file was read after "0." -- it must not become an accuracy of
    // 0
    for (String cut : List.of("3,1.2,0.7,0.9,0.", "3,1.2,0.7,0.9,0.73847", "3,1.2,0.7,0.9,7e-")) {
      ResultTable t = readText(HEAD + cut, false);
      assertArrayEquals(new long[] {1, 2}, steps(t), cut);
      assertEquals(
          List.of(
              "r.csv:4: last line is incomplete: no line break (cut while the job was writing it?);"
                  + " ignored"),
          t.warnings(),
          cut);
    }
  }

  @Test
  void aFinishedJobKeepsALastLineWithoutBreakOnlyWhenEveryCellIsWhole() {
    ResultTable kept = readText(HEAD + "3,1.2,0.7,0.9,0.73847", true);
    assertArrayEquals(new long[] {1, 2, 3}, steps(kept));
    assertEquals(0.73847, col(kept, "valid_accuracy")[2]);
    assertEquals(List.of(), kept.warnings());
    for (String cut :
        List.of(
            "3,1.2,0.7,0.9,0.",
            "3,1.2,0.7,0.9,7e-",
            "3,1.2,0.7,0.9,1e",
            "3,1.2,0.7,0.9,-",
            "3,1.2,0.7")) {
      ResultTable t = readText(HEAD + cut, true);
      assertArrayEquals(new long[] {1, 2}, steps(t), cut);
      assertEquals(1, t.warnings().size(), cut);
    }
  }

  @Test
  void stepsMustBePositive() {
    InputFileException negative = failText("step,train_loss\n-1,2\n1,3\n");
    assertEquals(
        "r.csv:2:1: step must be a positive whole number (steps count from 1), was \"-1\"",
        negative.getMessage());
    InputFileException zero = failText("step,train_loss\n0,2\n1,3\n");
    assertEquals(
        "r.csv:2:1: step 0: steps count from 1 in the service's result files (shifting them would"
            + " put every value one step off the job's events and checkpoints); add 1 to each step"
            + " if this file counts from 0",
        zero.getMessage());
  }

  @Test
  void aNonFiniteStepIsNamedAsSuch() {
    for (String v : List.of("inf", "NaN", "1e400")) {
      InputFileException e = failText("step,train_loss\n1,2\n" + v + ",3\n");
      assertEquals(
          "r.csv:3:1: step must be a positive whole number (steps count from 1), was \"" + v + "\"",
          e.getMessage());
    }
  }

  @Test
  void everyNonFiniteValueIsReadAsMissingAndCounted() {
    ResultTable t =
        readText("step,train_loss,valid_loss\n1,1e400,inf\n2,-1e999,nan\n3,0.5,1e-400\n", false);
    assertArrayEquals(new double[] {NaN, NaN, 0.5}, col(t, "train_loss"));
    assertArrayEquals(new double[] {NaN, NaN, 0.0}, col(t, "valid_loss"));
    assertEquals(
        List.of("r.csv: 4 non-finite cells (nan, inf, or too large such as 1e400) read as missing"),
        t.warnings());
  }

  private static String base64Of(String text) {
    return java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static final String LONG_CSV;

  static {
    StringBuilder b =
        new StringBuilder("step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n");
    for (int i = 1; i <= 20; i++) {
      b.append(i).append(",1.").append(i).append(",0.5,,\n");
    }
    LONG_CSV = b.toString();
  }

  @Test
  void base64WrappedAt76ColumnsOrUnpaddedIsDecoded() {
    String wrapped =
        java.util.Base64.getMimeEncoder().encodeToString(LONG_CSV.getBytes(StandardCharsets.UTF_8));
    assertTrue(wrapped.contains("\r\n"));
    ResultTable t = readText(wrapped + "\n", false);
    assertEquals(20, t.rows());
    String plain = base64Of(LONG_CSV.substring(0, LONG_CSV.length() - 1) + "\n\n");
    assertTrue(plain.endsWith("="), plain);
    ResultTable unpadded = readText(plain.replace("=", ""), false);
    assertEquals(20, unpadded.rows());
  }

  @Test
  void base64ThatDoesNotDecodeSaysWhy() {
    String b64 = base64Of(LONG_CSV);
    InputFileException cut = failText(b64.substring(0, 4 * 20 + 1));
    assertEquals(
        "r.csv: looks like base64 but does not decode: 81 characters is one too many for whole"
            + " groups of 4 (the file was cut?)",
        cut.getMessage());
    InputFileException stray = failText(b64.substring(0, 40) + "!" + b64.substring(40));
    assertEquals(
        "r.csv:1:41: looks like base64 but does not decode: \"!\" is not a base64 character",
        stray.getMessage());
    InputFileException notCsv =
        failText(base64Of("hello world, this is not a result file at all\n"));
    assertEquals(
        "r.csv: looks like base64, but what it decodes to does not start with a header line"
            + " (step,...)",
        notCsv.getMessage());
  }

  @Test
  void crOnlyLineEndingsAreNamed() {
    InputFileException e = failText("step,train_loss\r1,2\r2,3\r");
    assertEquals(
        "r.csv:1: line breaks are CR only (classic Mac); convert them to LF or CRLF,"
            + " e.g. tr '\\r' '\\n'",
        e.getMessage());
  }
}
