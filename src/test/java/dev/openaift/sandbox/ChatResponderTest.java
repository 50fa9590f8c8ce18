package dev.openaift.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The random draws behind the sandbox's chat answers: uniform on [0, 1), fixed by the request. */
class ChatResponderTest {
  @Test
  void drawsAreUniformAndDeterministic() {
    int n = 20_000;
    int[] buckets = new int[10];
    for (int i = 0; i < n; i++) {
      double u =
          ChatResponder.draw("m", new ChatResponder.Question("question " + i, null, 0.0), "salt");
      assertTrue(u >= 0 && u < 1, "draw " + u);
      buckets[(int) (u * 10)]++;
    }
    for (int b : buckets) {
      assertTrue(Math.abs(b - n / 10) < n / 10 * 0.1, java.util.Arrays.toString(buckets));
    }
    ChatResponder.Question q = new ChatResponder.Question("Q", 1L, 0.7);
    assertEquals(ChatResponder.draw("m", q, "s"), ChatResponder.draw("m", q, "s"));
    assertNotEquals(
        ChatResponder.draw("m", q, "s"),
        ChatResponder.draw("m", new ChatResponder.Question("Q", 2L, 0.7), "s"),
        "another seed, another draw");
    assertEquals(
        ChatResponder.draw("m", new ChatResponder.Question("Q", 1L, 0.0), "s"),
        ChatResponder.draw("m", new ChatResponder.Question("Q", 2L, 0.0), "s"),
        "at temperature 0 the seed does not matter");
  }
}
