package dev.openaift.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Trainer run's epochs where the logged epoch and the steps disagree (gradient accumulation), a
 * last epoch that is not finished, the planned total of steps, and which of a folder's states is
 * read.
 */
class TrainerEpochsTest {
  @TempDir Path tmp;

  private static JobAnalysis analyse(TrainerState.Run run) {
    return Analyzer.analyze(run.data(), AnalysisOptions.DEFAULTS);
  }

  /**
   * Ten epochs of 7 updates of 32 micro-batches out of 250: the Trainer logs epoch e + k*32/250, so
   * update 7 of an epoch is 0.896 past its start and update 8 is already 1.128. The steps per epoch
   * from the last entry (70 / 9.896) drift: epoch 7 would end at 50, a step of epoch 8 in it.
   */
  @Test
  void epochEndsFollowTheLoggedEpochsUnderGradientAccumulation() throws IOException {
    StringBuilder h = new StringBuilder();
    int step = 0;
    for (int e = 0; e < 10; e++) {
      for (int k = 1; k <= 7; k++) {
        step++;
        h.append(
            String.format(
                Locale.ROOT,
                "{\"epoch\": %.4f, \"loss\": %.2f, \"step\": %d},",
                e + k * 32 / 250.0,
                10.0 - e + k / 100.0,
                step));
      }
    }
    h.append("{\"epoch\": 9.896, \"step\": 70, \"train_loss\": 1.0, \"train_runtime\": 10.0}");
    JobAnalysis a = analyse(state("ga", "\"global_step\": 70, \"max_steps\": 70,", h.toString()));
    assertEquals(List.of(7L, 14L, 21L, 28L, 35L, 42L, 49L, 56L, 63L, 70L), a.epochEnds());
    EpochRow seventh = a.epochs().get(6);
    assertEquals(43, seventh.firstStep());
    assertEquals(49, seventh.lastStep());
    assertEquals(4.04, seventh.meanTrainLoss(), 1e-9);
  }

  /** Stopped at step 50 of 60, epochs of 20 steps: epoch 3 is steps 21..50's tail, not epoch 2. */
  @Test
  void anUnfinishedLastEpochIsARowOfItsOwn() throws IOException {
    StringBuilder h = new StringBuilder();
    for (int s = 2; s <= 50; s += 2) {
      if (h.length() > 0) {
        h.append(',');
      }
      h.append(
          String.format(
              Locale.ROOT, "{\"epoch\": %.2f, \"loss\": %d.0, \"step\": %d}", s / 20.0, s, s));
    }
    JobAnalysis a =
        analyse(state("partial", "\"global_step\": 50, \"max_steps\": 60,", h.toString()));
    assertEquals(List.of(20L, 40L), a.epochEnds());
    assertEquals(3, a.epochs().size());
    EpochRow second = a.epochs().get(1);
    assertEquals(22, second.firstStep());
    assertEquals(40, second.lastStep());
    assertEquals(31.0, second.meanTrainLoss(), 1e-9); // mean of 22, 24, ..., 40
    EpochRow third = a.epochs().get(2);
    assertEquals(3, third.epoch());
    assertEquals(42, third.firstStep());
    assertEquals(50, third.lastStep());
    assertEquals(46.0, third.meanTrainLoss(), 1e-9);
    // the run is 50 steps into the 60 it was set to run, as a job is into its total_steps
    assertEquals(60, a.totalSteps());
  }

  /**
   * Training went on in the same output folder: its own state stops at step 40, checkpoint-60 holds
   * the newer one, which is read, with a warning that says so.
   */
  @Test
  void aFoldersOlderStateGivesWayToANewerCheckpoint() throws IOException {
    Path run = tmp.resolve("run");
    write(run.resolve("trainer_state.json"), document(40));
    write(run.resolve("checkpoint-20/trainer_state.json"), document(20));
    write(run.resolve("checkpoint-60/trainer_state.json"), document(60));
    TrainerState.Run read = TrainerState.read(run);
    assertEquals(run.resolve("checkpoint-60/trainer_state.json"), read.stateFile());
    assertEquals(60, read.data().results().table().lastStep());
    assertTrue(
        read.data()
            .warnings()
            .contains(
                "trainer_state.json stops at step 40, before checkpoint-60: the run is read from"
                    + " checkpoint-60/trainer_state.json"),
        read.data().warnings().toString());
    // a state as new as its newest checkpoint is read as before, without a word
    write(run.resolve("trainer_state.json"), document(60));
    TrainerState.Run own = TrainerState.read(run);
    assertEquals(run.resolve("trainer_state.json"), own.stateFile());
    assertTrue(own.data().warnings().isEmpty(), own.data().warnings().toString());
  }

  /** LLaMA-Factory's folder: its own log, newer than any checkpoint, is the run. */
  @Test
  void aFolderWithItsLineLogIsARunReadFromTheLog() throws IOException {
    Path run = tmp.resolve("lf");
    StringBuilder lines = new StringBuilder();
    for (int s = 5; s <= 50; s += 5) {
      lines.append(
          String.format(
              Locale.ROOT, "{\"epoch\": %.2f, \"loss\": %d.5, \"step\": %d}%n", s / 25.0, s, s));
    }
    write(run.resolve(TrainerState.LINE_LOG), lines.toString());
    write(run.resolve("checkpoint-20/trainer_state.json"), document(20));
    assertTrue(TrainerState.isRun(run));
    TrainerState.Run read = TrainerState.read(run);
    assertEquals(run.resolve(TrainerState.LINE_LOG), read.stateFile());
    assertEquals(50, read.data().results().table().lastStep());
  }

  private TrainerState.Run state(String name, String top, String history) throws IOException {
    Path f = tmp.resolve(name).resolve("trainer_state.json");
    write(f, "{" + top + "\"log_history\": [" + history + "]}");
    return TrainerState.read(f);
  }

  private static String document(int last) {
    StringBuilder h = new StringBuilder();
    for (int s = 10; s <= last; s += 10) {
      if (h.length() > 0) {
        h.append(',');
      }
      h.append(
          String.format(
              Locale.ROOT, "{\"epoch\": %.2f, \"loss\": %d.25, \"step\": %d}", s / 20.0, s, s));
    }
    return "{\"global_step\": " + last + ", \"max_steps\": 60, \"log_history\": [" + h + "]}";
  }

  private static void write(Path f, String text) throws IOException {
    Files.createDirectories(f.getParent());
    Files.writeString(f, text, StandardCharsets.UTF_8);
  }

  @Test
  void epochOfCountsTheEndsPassed() {
    assertEquals(
        List.of(1, 1, 2, 2, 3, 3),
        java.util.Arrays.stream(
                Epochs.epochOf(new long[] {1, 10, 11, 20, 21, 99}, List.of(10L, 20L)))
            .boxed()
            .toList());
  }
}
