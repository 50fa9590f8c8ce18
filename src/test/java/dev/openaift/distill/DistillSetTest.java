package dev.openaift.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.api.ChatMessage;
import dev.openaift.api.Endpoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DistillSetTest {
  private static DistillSet set(int n) {
    List<DistillSet.Example> examples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      examples.add(
          new DistillSet.Example(i, "h" + i, List.of(ChatMessage.of("user", "q" + i)), "a" + i));
    }
    return new DistillSet(
        new DistillSet.Source("recording", "m", "0".repeat(64), "d.jsonl", "dir", Endpoint.OPENAI),
        examples,
        0,
        0,
        0);
  }

  @Test
  void theSplitCoversEveryExampleOnceKeepsTheOrderAndDependsOnlyOnTheSeed() {
    DistillSet s = set(101);
    DistillSet.Split a = s.split(9, 0.1, 0.15);
    assertEquals(15, a.holdout().size());
    assertEquals(10, a.validation().size());
    assertEquals(76, a.train().size());
    Set<Integer> seen = new HashSet<>();
    for (List<DistillSet.Example> part : List.of(a.train(), a.validation(), a.holdout())) {
      int last = -1;
      for (DistillSet.Example e : part) {
        assertTrue(seen.add(e.index()));
        assertTrue(e.index() > last, "source order kept");
        last = e.index();
      }
    }
    assertEquals(101, seen.size());
    assertEquals(a, s.split(9, 0.1, 0.15));
    assertTrue(!a.holdout().equals(s.split(10, 0.1, 0.15).holdout()));
  }

  @Test
  void smallSetsStillHoldOneOutAndTooSmallOnesAreRefused() {
    DistillSet.Split small = set(3).split(1, 0.1, 0.1);
    assertEquals(1, small.holdout().size());
    assertEquals(1, small.validation().size());
    assertEquals(1, small.train().size());
    assertEquals(0, set(3).split(1, 0, 0).holdout().size());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> set(2).split(1, 0.1, 0.1));
    assertTrue(e.getMessage().startsWith("2 distinct prompts are too few"), e.getMessage());
  }

  @Test
  void aLineIsTheConversationWithTheAnswerExactlyAndDeveloperAsSystem() throws Exception {
    String answer = "Line 1\nquote \" backslash \\ tab\t emoji 🙂 \u2028 end ";
    DistillSet.Example e =
        new DistillSet.Example(
            0,
            "h",
            List.of(
                new ChatMessage("developer", "Be brief.", null),
                new ChatMessage("user", "Hi", "alice")),
            answer);
    String line = DistillSet.line(e);
    assertTrue(line.indexOf('\n') < 0, "one line");
    JsonNode messages = new ObjectMapper().readTree(line).path("messages");
    assertEquals(3, messages.size());
    assertEquals("system", messages.get(0).path("role").asText());
    assertEquals("Be brief.", messages.get(0).path("content").asText());
    assertEquals("user", messages.get(1).path("role").asText());
    assertTrue(messages.get(1).path("name").isMissingNode(), "names are left out");
    assertEquals("assistant", messages.get(2).path("role").asText());
    assertEquals(answer, messages.get(2).path("content").asText());
  }
}
