package dev.openaift.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgeTest {
  @TempDir Path tmp;

  @Test
  void verdictsFromReplies() {
    assertEquals(Judge.Verdict.FIRST, Judge.Verdict.parse(" 1."));
    assertEquals(Judge.Verdict.SECOND, Judge.Verdict.parse("\"2\" because it matches"));
    assertEquals(Judge.Verdict.TIE, Judge.Verdict.parse("Tie"));
    assertEquals(Judge.Verdict.UNREADABLE, Judge.Verdict.parse("Answer 1 is better"));
    assertEquals(Judge.Verdict.UNREADABLE, Judge.Verdict.parse(null));
  }

  @Test
  void bothOrdersCancelPositionBias() {
    // a judge that always says "1" prefers whatever is shown first: B wins one order, A the other
    // -> 0.5
    assertEquals(0.5, Judge.preference(Judge.Verdict.FIRST, Judge.Verdict.FIRST));
    // B better in both orders: A first -> "2", B first -> "1"
    assertEquals(1.0, Judge.preference(Judge.Verdict.SECOND, Judge.Verdict.FIRST));
    assertEquals(0.0, Judge.preference(Judge.Verdict.FIRST, Judge.Verdict.SECOND));
    assertEquals(0.75, Judge.preference(Judge.Verdict.TIE, Judge.Verdict.FIRST));
    assertEquals(
        1.0,
        Judge.preference(Judge.Verdict.UNREADABLE, Judge.Verdict.FIRST),
        "one readable order counts alone");
    assertTrue(Double.isNaN(Judge.preference(Judge.Verdict.UNREADABLE, Judge.Verdict.UNREADABLE)));

    Judge.Verdict[] aFirst = {Judge.Verdict.SECOND, Judge.Verdict.FIRST, Judge.Verdict.FIRST, null};
    Judge.Verdict[] bFirst = {Judge.Verdict.FIRST, Judge.Verdict.SECOND, Judge.Verdict.FIRST, null};
    Judge.PairResult p = Judge.pair("a", "b", aFirst, bFirst, 200, 1);
    assertEquals(1, p.bothB());
    assertEquals(1, p.bothA());
    assertEquals(1, p.split());
    assertEquals(3, p.vsTie().n());
    assertEquals(0.5, p.vsTie().meanB(), 1e-15); // (1 + 0 + 0.5) / 3
  }

  @Test
  void moreThanHalfTheRepliesUnreadableIsMostlyUnreadable() {
    Judge.Verdict u = Judge.Verdict.UNREADABLE;
    Judge.Verdict one = Judge.Verdict.FIRST;
    // two examples asked (four replies), one not asked: two unreadable is half, not more
    Judge.PairResult half =
        Judge.pair(
            "a",
            "b",
            new Judge.Verdict[] {u, one, null},
            new Judge.Verdict[] {u, one, null},
            50,
            1);
    assertEquals(2, half.asked());
    assertEquals(4, half.replies());
    assertEquals(2, half.unreadable());
    assertFalse(half.mostlyUnreadable());
    Judge.PairResult most =
        Judge.pair(
            "a", "b", new Judge.Verdict[] {u, u, null}, new Judge.Verdict[] {u, one, null}, 50, 1);
    assertEquals(3, most.unreadable());
    assertTrue(most.mostlyUnreadable());
    assertEquals(1, most.vsTie().n(), "the preference rests on the one readable reply");
  }

  @Test
  void promptPlaceholdersAreFilledOnceAndTheAnswersNotReinterpreted() {
    List<String> m = Judge.messages("Q {first}", "R", "A1 {second}", "A2");
    assertEquals(Judge.SYSTEM, m.get(0));
    assertTrue(m.get(1).contains("Question:\n<<<\nQ {first}\n>>>"), m.get(1));
    assertTrue(m.get(1).contains("Answer 1:\n<<<\nA1 {second}\n>>>"), m.get(1));
    assertTrue(m.get(1).endsWith("Reply with exactly one word: 1, 2 or tie."));
  }

  @Test
  void logKeepsRepliesAcrossRunsAndDropsAHalfLine() throws Exception {
    try (JudgeLog log = JudgeLog.open(tmp)) {
      log.append("j", "a", "b", 3, "a_first", "h", "1");
      log.append("j", "a", "b", 3, "b_first", "h", "2");
    }
    Files.writeString(
        tmp.resolve(JudgeLog.FILE),
        "{\"index\":4,\"judge\":\"j\"",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND); // a run killed mid-line
    try (JudgeLog log = JudgeLog.open(tmp)) {
      assertEquals(2, log.size());
      assertEquals("1", log.reply("j", "a", "b", 3, "a_first", "h"));
      assertNull(log.reply("j", "a", "b", 3, "a_first", "other-prompt"));
      log.append("j", "a", "b", 4, "a_first", "h", "tie");
    }
    assertEquals(3, Files.readAllLines(tmp.resolve(JudgeLog.FILE)).size());
  }

  @Test
  void aSecondRunJudgingIntoTheSameFolderIsRefusedNotPaidTwice() {
    try (JudgeLog first = JudgeLog.open(tmp)) {
      first.append("j", "a", "b", 1, "a_first", "h", "1");
      dev.openaift.record.RecordingConflictException busy =
          org.junit.jupiter.api.Assertions.assertThrows(
              dev.openaift.record.RecordingConflictException.class, () -> JudgeLog.open(tmp));
      assertTrue(busy.getMessage().contains("judging into"), busy.getMessage());
      assertTrue(first.answered("j", "a", "b", 1, "a_first"));
      org.junit.jupiter.api.Assertions.assertFalse(first.answered("k", "a", "b", 1, "a_first"));
    }
    try (JudgeLog again = JudgeLog.open(tmp)) {
      assertEquals(1, again.size());
    }
  }
}
