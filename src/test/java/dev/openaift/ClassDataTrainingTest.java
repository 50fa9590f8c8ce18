package dev.openaift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassDataTrainingTest {
  @Test
  void commandLinesAreSplitAtTheSeparatorAlone() {
    assertEquals(
        List.of(List.of("report", "a", "--out", "x"), List.of("report", "--results", "b;;c")),
        ClassDataTraining.commandLines(
            "report", "a", "--out", "x", ";;", "report", "--results", "b;;c"));
  }

  @Test
  void emptyCommandLinesAreDropped() {
    assertEquals(
        List.of(List.of("report", "a")),
        ClassDataTraining.commandLines(";;", "report", "a", ";;", ";;"));
    assertEquals(List.of(), ClassDataTraining.commandLines());
  }
}
