package dev.openaift.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.io.InputFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streamed Trainer reader (issue 22): the entry consumer against a plain tree-map model, the
 * top-level fields before or after {@code log_history}, the JSON-lines front end, and numbers
 * exact.
 */
class TrainerLogTest {
  @TempDir Path tmp;

  private Path write(String name, String text) throws IOException {
    Path f = tmp.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  private static ResultTable table(TrainerState.Run r) {
    return r.data().results();
  }

  @Test
  void stepsInAnyOrderRepeatedAndAcrossBlocksEndAsATreeMapWouldKeepThem() {
    Random rnd = new Random(7);
    TrainerLog log = new TrainerLog("x.json", "log_history");
    TreeMap<Long, Double> model = new TreeMap<>();
    TreeMap<Long, Double> evalModel = new TreeMap<>();
    int changed = 0;
    for (int i = 0; i < 30_000; i++) {
      // mostly ascending, with resumes (steps again), steps out of order and repeats
      long step =
          i < 20_000 ? i + 1 : rnd.nextInt(4) == 0 ? 20_000 + rnd.nextInt(15_000) : i - 9_000;
      double v = rnd.nextInt(5) / 4.0;
      log.begin();
      log.number("loss", v);
      log.node("step", Json.NODES.numberNode(step));
      log.end();
      Double before = model.put(step, v);
      if (before != null && before != v) {
        changed++;
      }
      if (step % 97 == 0) {
        log.begin();
        log.node("step", Json.NODES.numberNode(step));
        log.number("eval_loss", step / 1e3);
        log.end();
        evalModel.put(step, step / 1e3);
      }
    }
    TrainerLog.Table t = log.table(Path.of("x.json"), k -> k, List.of());
    long[] steps = t.table().table().steps();
    assertArrayEquals(model.keySet().stream().mapToLong(Long::longValue).toArray(), steps);
    double[] loss = t.table().table().column(Canonical.TRAIN_LOSS);
    double[] eval = t.table().table().column(Canonical.FULL_VALID_LOSS);
    for (int i = 0; i < steps.length; i++) {
      assertEquals(model.get(steps[i]), loss[i]);
      Double e = evalModel.get(steps[i]);
      assertEquals(e == null ? Double.NaN : e, eval[i]);
    }
    String warnings = String.join("\n", t.table().warnings());
    assertTrue(warnings.startsWith("x.json: " + changed + " values were logged twice"), warnings);
    assertEquals(
        Map.of(Canonical.FULL_VALID_LOSS, 0.194),
        t.at(194, n -> n.equals(Canonical.FULL_VALID_LOSS)));
  }

  @Test
  void seriesSharingTheirStepsKeepTheirOwnOnceTheyDiffer() {
    // loss, learning_rate and grad_norm share one column of steps while they come in the same
    // entries; grad_norm skips entries, epoch starts late, and a resume logs steps again out of
    // order, across several blocks, with the keys in a different order in each entry
    Random rnd = new Random(11);
    TrainerLog log = new TrainerLog("x.json", "log_history");
    List<String> keys = List.of("loss", "learning_rate", "grad_norm", "epoch");
    Map<String, TreeMap<Long, Double>> model = new java.util.HashMap<>();
    keys.forEach(k -> model.put(k, new TreeMap<>()));
    for (int i = 0; i < 12_000; i++) {
      long step = i < 9_000 ? i + 1 : 6_000 + rnd.nextInt(5_000);
      List<String> order = new java.util.ArrayList<>(keys);
      java.util.Collections.shuffle(order, rnd);
      log.begin();
      log.node("step", Json.NODES.numberNode(step));
      for (String k : order) {
        boolean skip =
            (k.equals("grad_norm") && (i > 5_000 && i % 7 == 0)) || (k.equals("epoch") && i < 100);
        if (!skip) {
          double v = rnd.nextInt(1000) / 8.0;
          log.number(k, v);
          model.get(k).put(step, v);
        }
      }
      log.end();
    }
    TrainerLog.Table t = log.table(Path.of("x.json"), k -> k, List.of());
    long[] steps = t.table().table().steps();
    assertArrayEquals(
        model.get("loss").keySet().stream().mapToLong(Long::longValue).toArray(), steps);
    Map<String, String> column =
        Map.of(
            "loss",
            Canonical.TRAIN_LOSS,
            "learning_rate",
            "learning_rate",
            "grad_norm",
            "grad_norm",
            "epoch",
            TrainerState.EPOCH_COLUMN);
    for (String k : keys) {
      double[] values = t.table().table().column(column.get(k));
      for (int i = 0; i < steps.length; i++) {
        Double v = model.get(k).get(steps[i]);
        assertEquals(v == null ? Double.NaN : v, values[i], k + " at step " + steps[i]);
      }
    }
  }

  /** A small stand-in for the node factory, so the test feeds steps as the front ends do. */
  private static final class Json {
    static final com.fasterxml.jackson.databind.node.JsonNodeFactory NODES =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
  }

  private static final String ENTRIES =
      "{\"loss\": 2.5, \"step\": 1, \"learning_rate\": 1e-05, \"epoch\": 0.5}\n"
          + "{\"step\": 2, \"eval_loss\": 2.25, \"eval_runtime\": 1.5, \"epoch\": 1.0}\n"
          + "{\"step\": 2, \"loss\": 2.0, \"learning_rate\": 2e-05, \"epoch\": 1.0}\n"
          + "{\"step\": 2, \"train_runtime\": 9.5, \"train_loss\": 2.2}\n";

  @Test
  void theTopLevelFieldsMayComeBeforeOrAfterTheHistory() throws IOException {
    String top = "\"global_step\": 2, \"max_steps\": 2, \"logging_steps\": 1";
    String history = "\"log_history\": [" + String.join(",", ENTRIES.strip().split("\n")) + "]";
    TrainerState.Run before =
        TrainerState.read(write("a/trainer_state.json", "{" + top + ", " + history + "}"));
    TrainerState.Run after =
        TrainerState.read(write("b/trainer_state.json", "{" + history + ", " + top + "}"));
    assertEquals(before.sources(), after.sources());
    assertTrue(before.sources().get(Canonical.TRAIN_LOSS).contains("(logging_steps 1)"));
    assertEquals(table(before).table().names(), table(after).table().names());
    for (String c : table(before).table().names()) {
      assertArrayEquals(table(before).table().column(c), table(after).table().column(c), c);
    }
    assertEquals(before.data().job().hyperparameters(), after.data().job().hyperparameters());
  }

  @Test
  void aJsonLinesLogIsReadAsTheSameEntriesInAHistory() throws IOException {
    Path dir = tmp.resolve("run");
    Files.createDirectories(dir);
    TrainerState.Run lines = TrainerState.read(write("run/trainer_log.jsonl", ENTRIES + "\n"));
    TrainerState.Run state =
        TrainerState.read(
            write(
                "state/trainer_state.json",
                "{\"log_history\": [" + String.join(",", ENTRIES.strip().split("\n")) + "]}"));
    assertEquals(table(state).table().names(), table(lines).table().names());
    assertArrayEquals(table(state).table().steps(), table(lines).table().steps());
    for (String c : table(state).table().names()) {
      assertArrayEquals(table(state).table().column(c), table(lines).table().column(c), c);
    }
    assertEquals("succeeded", lines.data().job().status());
    assertEquals(List.of(), table(lines).warnings());
    assertTrue(TrainerState.isRun(dir.resolve("trainer_log.jsonl")));
  }

  @Test
  void aLogCopiedUnderTheStateFileNameIsStillReadAsLines() throws IOException {
    TrainerState.Run r = TrainerState.read(write("copy/trainer_state.json", ENTRIES));
    assertArrayEquals(new double[] {2.5, 2.0}, table(r).table().column(Canonical.TRAIN_LOSS));
    // a log of one entry, copied so, is one object without log_history: its step says what it is
    TrainerState.Run one =
        TrainerState.read(write("one/trainer_state.json", "{\"step\": 1, \"loss\": 2.5}\n"));
    assertArrayEquals(new double[] {2.5}, table(one).table().column(Canonical.TRAIN_LOSS));
    InputFileException notAState =
        assertThrows(
            InputFileException.class,
            () -> TrainerState.read(write("config/trainer_state.json", "{\"lr\": 0.1}\n")));
    assertTrue(notAState.getMessage().contains("no log_history list"), notAState.getMessage());
  }

  @Test
  void messInALogIsWordedForTheLog() throws IOException {
    TrainerState.Run r =
        TrainerState.read(
            write("m.jsonl", "{\"loss\": 1.0}\n[1]\n{\"step\": 3, \"loss\": 0.5}\n\n"));
    assertEquals(
        List.of(
            "m.jsonl: 1 log entries without a step were left out",
            "m.jsonl: 1 log entries that are not objects were left out",
            "m.jsonl: no final summary entry (train_runtime): the run had not finished when this"
                + " was written"),
        table(r).warnings());
    InputFileException broken =
        assertThrows(
            InputFileException.class,
            () ->
                TrainerState.read(write("b.jsonl", "{\"step\": 1, \"loss\": 1}\n{\"step\": 2,\n")));
    assertTrue(broken.getMessage().contains("b.jsonl:3"), broken.getMessage());
    InputFileException none =
        assertThrows(
            InputFileException.class, () -> TrainerState.read(write("n.jsonl", "{\"loss\": 1}\n")));
    assertTrue(
        none.getMessage().contains("log holds no metric with a step (1 entries, 1 without step)"),
        none.getMessage());
  }

  @Test
  void aLogStillBeingWrittenLosesItsCutLastLineWithAWarning() throws IOException {
    String two = "{\"step\": 1, \"loss\": 2.5}\n{\"step\": 2, \"loss\": 2.0}\n";
    String cutWarning =
        "cut.jsonl:3: last line is incomplete: no line break (cut while the run was writing it?);"
            + " ignored";
    for (String cut : List.of("{\"step\": 3, \"lo", "{\"step\": 3, \"loss\": 1.", "{\"step\": 3")) {
      TrainerState.Run r = TrainerState.read(write("cut.jsonl", two + cut));
      assertArrayEquals(new double[] {2.5, 2.0}, table(r).table().column(Canonical.TRAIN_LOSS));
      assertEquals(cutWarning, table(r).warnings().get(0), cut);
      assertEquals("running", r.data().job().status());
    }
    // CRLF lines, and the copy the archive keeps under the state's name, lose it alike
    TrainerState.Run crlf =
        TrainerState.read(write("cut.jsonl", two.replace("\n", "\r\n") + "{\"step\": 3, \"lo"));
    assertEquals(cutWarning, table(crlf).warnings().get(0));
    TrainerState.Run copy =
        TrainerState.read(write("archived/trainer_state.json", two + "{\"step\": 3, \"lo"));
    assertTrue(
        table(copy).warnings().get(0).startsWith("trainer_state.json:3: last line is incomplete"),
        table(copy).warnings().toString());
    // a whole last line without its break is read
    TrainerState.Run whole =
        TrainerState.read(write("whole.jsonl", two + "{\"step\": 3, \"loss\": 1.5}"));
    assertArrayEquals(
        new double[] {2.5, 2.0, 1.5}, table(whole).table().column(Canonical.TRAIN_LOSS));
    assertTrue(
        table(whole).warnings().stream().noneMatch(w -> w.contains("last line")),
        table(whole).warnings().toString());
    // a broken line with its line break, or before the last, is still an error on its line
    Map<String, Integer> broken =
        Map.of(
            two + "{\"step\": 3, \"lo\n",
            3,
            "{\"step\": 1, \"loss\": 2.5}\n{\"step\": 2, \"lo\n{\"step\": 3, \"lo",
            2,
            "{\"step\": 1, \"loss\": 2.5}\n{\"step\": 2, \"loss\": 2.0}}\n{\"step\": 3",
            2);
    for (Map.Entry<String, Integer> b : broken.entrySet()) {
      Path f = write("b.jsonl", b.getKey());
      InputFileException e = assertThrows(InputFileException.class, () -> TrainerState.read(f));
      assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
      assertEquals((long) b.getValue(), e.line(), e.getMessage());
    }
    // a pretty-printed state ending without its line break is a document, not lines
    TrainerState.Run indented =
        TrainerState.read(
            write(
                "pretty/trainer_state.json",
                "{\n  \"log_history\": [\n    {\"step\": 1, \"loss\": 2.5}\n  ]\n}"));
    assertArrayEquals(new double[] {2.5}, table(indented).table().column(Canonical.TRAIN_LOSS));
    // a log of one cut line has nothing left: its error says where it breaks
    InputFileException alone =
        assertThrows(
            InputFileException.class,
            () -> TrainerState.read(write("alone.jsonl", "{\"step\": 1, \"lo")));
    assertEquals(1, alone.line(), alone.getMessage());
  }

  @Test
  void llamaFactorysCurrentStepsIsTheStepOfAnEntryWithout() throws IOException {
    TrainerState.Run r =
        TrainerState.read(
            write(
                "lf/trainer_log.jsonl",
                "{\"current_steps\": 5, \"total_steps\": 20, \"loss\": 2.0, \"lr\": 1e-05,"
                    + " \"percentage\": 25.0, \"elapsed_time\": \"0:00:10\","
                    + " \"remaining_time\": \"0:00:30\", \"throughput\": 812.5,"
                    + " \"total_tokens\": 8125}\n"
                    // step wins over current_steps, wherever each is
                    + "{\"current_steps\": 99, \"loss\": 1.5, \"step\": 10, \"total_steps\": 20}\n"
                    + "{\"current_steps\": 12.5, \"loss\": 1.0, \"total_steps\": 20}\n"));
    assertArrayEquals(new long[] {5, 10}, table(r).table().steps());
    assertEquals(List.of(Canonical.TRAIN_LOSS, "lr"), table(r).table().names());
    assertEquals(20, table(r).totalSteps());
    assertEquals("running", r.data().job().status());
    assertEquals(
        List.of(
            "trainer_log.jsonl: 1 log entry left out: step not a whole number; a step is a whole"
                + " number from 1 to 10^15, never rounded (first: current_steps 12.5 in entry 3)",
            "trainer_log.jsonl: current_steps 10 of total_steps 20: the run had not finished when"
                + " this was written"),
        table(r).warnings());
  }

  @Test
  void everyDoubleComesThroughAsJavaReadsItsText() throws IOException {
    Random rnd = new Random(22);
    List<String> written = new ArrayList<>();
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= 20_000; i++) {
      double d;
      do {
        d = Double.longBitsToDouble(rnd.nextLong());
      } while (!Double.isFinite(d));
      String text =
          switch (i % 4) {
            case 0 -> Double.toString(d);
            case 1 -> String.format(Locale.ROOT, "%.17g", d);
            case 2 -> Double.toString(rnd.nextDouble() * 4);
            default -> String.format(Locale.ROOT, "%.6e", rnd.nextDouble() * 1e-5);
          };
      written.add(text);
      lines.append("{\"step\": ").append(i).append(", \"loss\": ").append(text).append("}\n");
    }
    double[] loss =
        table(TrainerState.read(write("numbers.jsonl", lines.toString())))
            .table()
            .column(Canonical.TRAIN_LOSS);
    for (int i = 0; i < written.size(); i++) {
      assertEquals(
          Double.doubleToRawLongBits(Double.parseDouble(written.get(i))),
          Double.doubleToRawLongBits(loss[i]),
          written.get(i));
    }
  }

  @Test
  void bytesThatAreNotUtf8AreReadAsTheTextReadingDecodesThem() throws IOException {
    Path f = tmp.resolve("bad-utf8/trainer_state.json");
    Files.createDirectories(f.getParent());
    byte[] head =
        "{\"log_history\": [{\"step\": 1, \"loss\": 1.5, \"caf".getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\": 2.5}]}".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + 1 + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    all[head.length] = (byte) 0xE9; // Latin-1 é: not UTF-8
    System.arraycopy(tail, 0, all, head.length + 1, tail.length);
    Files.write(f, all);
    TrainerState.Run r = TrainerState.read(f);
    assertArrayEquals(new double[] {2.5}, table(r).table().column("caf\uFFFD"));
  }

  @Test
  void aKeyGivenTwiceInAnEntryOrInsideOneOfItsValuesIsStillAnError() throws IOException {
    for (String entry :
        List.of(
            "{\"step\": 1, \"loss\": 1.5, \"loss\": 2.5}",
            "{\"step\": 1, \"loss\": 1.5, \"x\": [{\"a\": 1, \"a\": 2}]}",
            "[{\"a\": 1, \"a\": 2}]")) {
      Path f = write("dup/trainer_state.json", "{\"log_history\": [\n" + entry + "\n]}");
      InputFileException e = assertThrows(InputFileException.class, () -> TrainerState.read(f));
      assertTrue(e.getMessage().contains("Duplicate field"), e.getMessage());
      assertEquals(2, e.line(), e.getMessage());
      Path lines = write("dup/log.jsonl", "{\"step\": 2, \"loss\": 1.0}\n" + entry + "\n");
      InputFileException l = assertThrows(InputFileException.class, () -> TrainerState.read(lines));
      assertTrue(l.getMessage().contains("Duplicate field"), l.getMessage());
    }
  }
}
