package dev.openaift.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.io.InputFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TrainerStateScanner} against Jackson's parser: on random logs, plain and messy, a run read
 * with the scanner first is the run read by the parser alone (every number the same double, the
 * same warnings, the same top-level facts), or both fail with the same message; and the scanner
 * does read the plain ones itself.
 */
class TrainerStateScannerTest {
  @TempDir Path tmp;

  private static final String[] KEYS = {
    "loss",
    "grad_norm",
    "learning_rate",
    "epoch",
    "eval_loss",
    "eval_runtime",
    "rewards/chosen",
    "train_loss",
    "total_flos",
    "eval_accuracy",
    "kl"
  };
  private static final String[] SPACE = {"", " ", "\n  ", "\r\n", "\t", "\n    "};

  /** A random log; {@code plain}: only what the scanner reads itself. */
  private static final class Writer {
    final Random r;
    final boolean plain;
    final StringBuilder s = new StringBuilder();

    Writer(Random r, boolean plain) {
      this.r = r;
      this.plain = plain;
    }

    String space() {
      return SPACE[r.nextInt(SPACE.length)];
    }

    String number() {
      double v = Math.exp(r.nextGaussian() * 6) * (r.nextInt(5) == 0 ? -1 : 1);
      return switch (r.nextInt(plain ? 9 : 12)) {
        case 0 -> Double.toString(v); // 1.0E-5
        case 1 -> String.format(java.util.Locale.ROOT, "%.6f", v);
        case 2 -> Double.toString(v).replace("E", "e").replace("e-", "e-0"); // Python's 2e-09
        case 3 -> Long.toString(r.nextInt(2000) - 1000);
        case 4 -> r.nextBoolean() ? "-0" : "-0.0";
        case 5 -> Double.toString(Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL));
        case 6 -> "123456789012345678";
        case 7 -> "0." + "3".repeat(1 + r.nextInt(30)) + "E" + (r.nextInt(40) - 20);
        case 8 -> Double.toString(v).toUpperCase(java.util.Locale.ROOT);
        case 9 -> r.nextBoolean() ? "NaN" : "-Infinity";
        case 10 -> "1234567890123456789012";
        default -> "1" + "0".repeat(70);
      };
    }

    String value() {
      int k = r.nextInt(plain ? 14 : 18);
      if (k < 10) {
        return number();
      }
      return switch (k) {
        case 10 -> "null";
        case 11 -> r.nextBoolean() ? "true" : "false";
        case 12 -> "\"0.25\"";
        case 13 -> "\"warm up\"";
        case 14 -> "\"a\\nb\"";
        case 15 -> "\"\u00e9t\u00e9\"";
        case 16 -> "{\"a\": [1, 2]}";
        default -> "[1]";
      };
    }

    String step(int i) {
      if (!plain && r.nextInt(40) == 0) {
        return switch (r.nextInt(4)) {
          case 0 -> "\"" + i + "\"";
          case 1 -> i + ".5";
          case 2 -> "null";
          default -> "99999999999999999999";
        };
      }
      return Integer.toString(r.nextInt(30) == 0 ? i - 3 : r.nextInt(50) == 0 ? 0 : i);
    }

    String entry(int i) {
      StringBuilder e = new StringBuilder("{");
      int fields = 1 + r.nextInt(5);
      List<String> used = new ArrayList<>();
      boolean stepDone = r.nextInt(25) == 0; // sometimes no step at all
      for (int f = 0; f < fields; f++) {
        String key = KEYS[r.nextInt(KEYS.length)];
        if (used.contains(key) && (plain || r.nextInt(4) > 0)) {
          continue;
        }
        used.add(key);
        e.append(e.length() > 1 ? "," : "").append(space());
        e.append('"').append(key).append("\":").append(space()).append(value());
        if (!stepDone && r.nextInt(3) == 0) {
          e.append(',').append(space()).append("\"step\": ").append(step(i));
          stepDone = true;
        }
      }
      if (!stepDone) {
        e.append(e.length() > 1 ? "," : "").append(space()).append("\"step\": ").append(step(i));
      }
      if (!plain && r.nextInt(60) == 0) {
        e.append(','); // a trailing comma
      }
      return e.append(space()).append('}').toString();
    }

    String top() {
      List<String> fields = new ArrayList<>();
      fields.add("\"global_step\": " + (r.nextInt(3) * 50));
      fields.add("\"max_steps\": 100");
      fields.add("\"best_metric\": " + (r.nextBoolean() ? "null" : number()));
      fields.add(
          "\"best_model_checkpoint\": "
              + (r.nextBoolean() ? "null" : "\"out/checkpoint-40\\u00e9 {x}, [y]\""));
      fields.add("\"logging_steps\": " + (1 + r.nextInt(10)));
      fields.add(
          "\"trial_params\": " + (r.nextBoolean() ? "null" : "{\"lr\": [1e-5, {\"a\": \"}\"}]}"));
      return String.join("," + space(), fields);
    }

    String document(int n) {
      StringBuilder h = new StringBuilder("[");
      for (int i = 1; i <= n; i++) {
        h.append(i > 1 ? "," : "").append(space()).append(entry(i));
      }
      h.append(space()).append(']');
      String history = "\"log_history\":" + space() + h;
      String top = top();
      String body = r.nextBoolean() ? history + "," + space() + top : top + "," + space() + history;
      String tail = !plain && r.nextInt(30) == 0 ? " 1" : space();
      return "{" + space() + body + space() + "}" + tail;
    }

    String lines(int n) {
      StringBuilder l = new StringBuilder();
      for (int i = 1; i <= n; i++) {
        l.append(entry(i)).append(r.nextBoolean() ? "\n" : "\r\n");
      }
      return l.toString();
    }
  }

  @Test
  void theScannerReadsWhatTheParserReadsOnRandomLogs() throws IOException {
    Random r = new Random(20261207);
    int scanned = 0;
    for (int t = 0; t < 400; t++) {
      boolean plain = t % 2 == 0;
      boolean lines = t % 5 == 4;
      Writer w = new Writer(r, plain);
      String text = lines ? w.lines(1 + r.nextInt(40)) : w.document(1 + r.nextInt(60));
      Path dir = Files.createDirectories(tmp.resolve("run" + t));
      Path file = dir.resolve(lines ? "log.jsonl" : "trainer_state.json");
      Files.writeString(file, text, StandardCharsets.UTF_8);
      TrainerLog probe = new TrainerLog("x", "log_history");
      boolean byScanner =
          TrainerStateScanner.read(
                  new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), probe, lines)
              != null;
      if (plain) {
        assertTrue(byScanner, "a plain log is read by the scanner itself:\n" + text);
        scanned++;
      }
      compare(file, text);
    }
    assertEquals(200, scanned);
  }

  @Test
  void aLogCutInItsLastLineIsReadAlikeByBoth() throws IOException {
    // a log still being written, cut at every byte of its last line: the scanner and the parser
    // read the same lines before it, with the same warning (or, whole, none), and a plain one is
    // read
    Random r = new Random(16);
    for (int t = 0; t < 6; t++) {
      Writer w = new Writer(r, t % 2 == 0);
      StringBuilder log = new StringBuilder();
      for (int i = 1; i <= 5 + r.nextInt(10); i++) {
        // one entry per line, as a log is written (the writer's spaces may break lines)
        log.append(w.entry(i).replaceAll("[\r\n]+", " ")).append(r.nextBoolean() ? "\n" : "\r\n");
      }
      String text = log.toString();
      int lastStart = text.lastIndexOf('\n', text.length() - 2) + 1;
      for (int end = lastStart + 1; end < text.length(); end++) {
        Path dir = Files.createDirectories(tmp.resolve("cut" + t + "-" + end));
        Path file = dir.resolve("trainer_log.jsonl");
        Files.writeString(file, text.substring(0, end), StandardCharsets.UTF_8);
        compare(file, text.substring(0, end));
        if (t % 2 == 0) {
          // a plain log is read, whole or without its cut line
          org.junit.jupiter.api.Assertions.assertDoesNotThrow(
              () -> TrainerState.read(file), text.substring(0, end));
        }
      }
    }
  }

  @Test
  void llamaFactorysLogIsReadAlikeByBoth() throws IOException {
    // its fixture, then entries with both steps, a current_steps that is not one, and the log
    // copied under the state's name as the archive keeps it
    String fixture =
        Files.readString(Path.of("src/test/resources/trainer/llamafactory-run/trainer_log.jsonl"));
    assertNotNull(
        TrainerStateScanner.read(
            new ByteArrayInputStream(fixture.getBytes(StandardCharsets.UTF_8)),
            new TrainerLog("x", "log"),
            true));
    String odd =
        fixture
            + "{\"step\": 70, \"current_steps\": 61, \"total_steps\": 80, \"loss\": 0.5}\n"
            + "{\"current_steps\": 72.5, \"total_steps\": 80, \"loss\": 0.4}\n"
            + "{\"current_steps\": \"74\", \"total_steps\": \"80\", \"loss\": 0.3}\n";
    int n = 0;
    for (String text : List.of(fixture, odd)) {
      for (String name : List.of("trainer_log.jsonl", "trainer_state.json")) {
        Path dir = Files.createDirectories(tmp.resolve("lf" + n++));
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        compare(file, text);
      }
    }
  }

  @Test
  void whatItDoesNotTakeItLeavesToTheParser() {
    for (String text :
        List.of(
            "{\"log_history\": [{\"loss\": NaN, \"step\": 1}]}",
            "{\"log_history\": [{\"loss\": 0.5, \"step\": 1},]}",
            "{\"log_history\": [{\"loss\": 0.5, \"loss\": 0.6, \"step\": 1}]}",
            "{\"log_history\": [{\"loss\": 01, \"step\": 1}]}",
            "{\"log_history\": [{\"loss\": 0.5, \"step\": 1.0}]}",
            "{\"log_history\": [{\"note\": \"a\\\"b\", \"step\": 1}]}",
            "{\"log_history\": [1, {\"loss\": 0.5, \"step\": 1}]}",
            "{\"log_history\": []}",
            "{\"log_history\": [{\"loss\": 0.5, \"step\": 1}]} {}",
            "{\"a\": 1, \"a\": 2, \"log_history\": [{\"loss\": 0.5, \"step\": 1}]}",
            "{\"global_step\": 5}",
            "{\"log_history\": [{\"loss\": .5, \"step\": 1}]}",
            "{\"log_history\": [{\"loss\": 0.5e, \"step\": 1}]}")) {
      TrainerLog log = new TrainerLog("x", "log_history");
      assertNull(
          TrainerStateScanner.read(
              new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), log, false),
          text);
    }
    TrainerLog log = new TrainerLog("x", "log_history");
    assertNotNull(
        TrainerStateScanner.read(
            new ByteArrayInputStream(
                "{\"log_history\":[{\"loss\":-0.0,\"step\":-2},{}],\"x\":[\"]\",{\"y\":\"\\\"\"}]}"
                    .getBytes(StandardCharsets.UTF_8)),
            log,
            false));
    assertEquals(2, log.entries());
  }

  @Test
  void shortDecimalsAreTheCorrectlyRoundedDouble() throws IOException {
    // the scanner's own path for up to 15 significant digits and powers of ten up to 22, at its
    // edges, against Double.parseDouble (correctly rounded)
    Random r = new Random(15);
    List<String> written = new ArrayList<>();
    StringBuilder s = new StringBuilder("{\"log_history\": [");
    for (int i = 1; i <= 20_000; i++) {
      int digits = 1 + r.nextInt(17);
      StringBuilder d = new StringBuilder();
      for (int k = 0; k < digits; k++) {
        d.append((char) ('0' + r.nextInt(10)));
      }
      String m = d.toString().replaceFirst("^0+(?=.)", "");
      int point = r.nextInt(m.length() + 1);
      String num =
          (r.nextInt(4) == 0 ? "-" : "")
              + (point == 0 ? "0" : m.substring(0, point))
              + (point < m.length() ? "." + m.substring(point) : "")
              + (r.nextBoolean() ? "" : (r.nextBoolean() ? "e" : "E-") + r.nextInt(26));
      written.add(num);
      s.append(i > 1 ? "," : "").append("{\"x\": ").append(num).append(", \"step\": ").append(i);
      s.append('}');
    }
    s.append("]}");
    TrainerLog log = new TrainerLog("x", "log_history");
    assertNotNull(
        TrainerStateScanner.read(
            new ByteArrayInputStream(s.toString().getBytes(StandardCharsets.UTF_8)), log, false));
    double[] x = log.table(Path.of("x"), k -> k, List.of()).table().table().columns().get("x");
    for (int i = 0; i < written.size(); i++) {
      String w = written.get(i);
      // a whole number is a JSON integer: the parser gives its long as a double (-0 is 0.0)
      double expected = w.matches("-?[0-9]+") ? (double) Long.parseLong(w) : Double.parseDouble(w);
      assertEquals(
          Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(x[i]), written.get(i));
    }
  }

  @Test
  void aTokenAcrossTheBufferIsReadWhole() throws IOException {
    // entries long enough that keys, numbers and literals straddle the 64 KiB buffer's refills
    StringBuilder s = new StringBuilder("{\"log_history\": [");
    for (int i = 1; i <= 3000; i++) {
      s.append(i > 1 ? ",\n" : "")
          .append("{\"learning_rate_of_a_rather_long_name_")
          .append(i % 7)
          .append("\": ")
          .append(1.0 / (i + 0.123456789))
          .append(", \"flag\": ")
          .append(i % 3 == 0 ? "true" : "null")
          .append(", \"step\": ")
          .append(i)
          .append('}');
    }
    s.append("], \"global_step\": 3000, \"max_steps\": 3000}");
    Path dir = Files.createDirectories(tmp.resolve("long"));
    Path file = dir.resolve("trainer_state.json");
    Files.writeString(file, s);
    assertTrue(Files.size(file) > 3 * (1 << 16));
    TrainerLog log = new TrainerLog("x", "log_history");
    assertNotNull(
        TrainerStateScanner.read(
            new ByteArrayInputStream(s.toString().getBytes(StandardCharsets.UTF_8)), log, false));
    compare(file, s.toString());
  }

  @Test
  void aByteAboveAsciiBetweenLinesIsNotTheEnd() throws IOException {
    // 0xff between two entries was once taken for the end of the file: the log read as one entry
    byte[] first = "{\"loss\": 1.5, \"step\": 1}\n".getBytes(StandardCharsets.US_ASCII);
    byte[] second = "{\"loss\": 1.25, \"step\": 2}\n".getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = new byte[first.length + 1 + second.length];
    System.arraycopy(first, 0, bytes, 0, first.length);
    bytes[first.length] = (byte) 0xff;
    System.arraycopy(second, 0, bytes, first.length + 1, second.length);
    TrainerLog log = new TrainerLog("x", "log");
    assertNull(TrainerStateScanner.read(new ByteArrayInputStream(bytes), log, true));
    Path file = tmp.resolve("ff.jsonl");
    Files.write(file, bytes);
    InputFileException parsed =
        org.junit.jupiter.api.Assertions.assertThrows(
            InputFileException.class, () -> TrainerState.read(file, false));
    InputFileException scanned =
        org.junit.jupiter.api.Assertions.assertThrows(
            InputFileException.class, () -> TrainerState.read(file, true));
    assertEquals(parsed.getMessage(), scanned.getMessage());
  }

  /** The run read with the scanner first and by the parser alone: the same, or the same error. */
  private static void compare(Path file, String text) {
    TrainerState.Run scanned;
    try {
      scanned = TrainerState.read(file, true);
    } catch (InputFileException e) {
      InputFileException parsed =
          org.junit.jupiter.api.Assertions.assertThrows(
              InputFileException.class, () -> TrainerState.read(file, false), text);
      assertEquals(parsed.getMessage(), e.getMessage(), text);
      return;
    }
    TrainerState.Run parsed = TrainerState.read(file, false);
    assertEquals(parsed.name(), scanned.name());
    assertEquals(parsed.sources(), scanned.sources(), text);
    assertEquals(parsed.bestCheckpoint(), scanned.bestCheckpoint(), text);
    assertEquals(parsed.data().job(), scanned.data().job(), text);
    assertEquals(parsed.data().checkpoints(), scanned.data().checkpoints(), text);
    assertEquals(parsed.data().warnings(), scanned.data().warnings(), text);
    ResultTable a = parsed.data().results();
    ResultTable b = scanned.data().results();
    assertEquals(a.warnings(), b.warnings(), text);
    assertEquals(a.sourceColumns(), b.sourceColumns(), text);
    assertArrayEquals(a.table().steps(), b.table().steps(), text);
    assertEquals(
        List.copyOf(a.table().columns().keySet()), List.copyOf(b.table().columns().keySet()));
    for (Map.Entry<String, double[]> c : a.table().columns().entrySet()) {
      double[] x = c.getValue();
      double[] y = b.table().columns().get(c.getKey());
      for (int i = 0; i < x.length; i++) {
        assertEquals(
            Double.doubleToRawLongBits(x[i]),
            Double.doubleToRawLongBits(y[i]),
            c.getKey() + " row " + i + ": " + x[i] + " against " + y[i] + "\n" + text);
      }
    }
  }
}
