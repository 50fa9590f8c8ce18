package dev.openaift.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.Endpoint;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NAME and NAME@URL, as {@code eval --model} and {@code --against recorded:} take them. */
class EvalTargetTest {
  @Test
  void aPlainNameIsOnTheCommandsEndpoint() {
    EvalTarget t = EvalTarget.parse("ft:gpt-4o-mini:org::abc", Endpoint.OPENAI, Map.of());
    assertEquals(EvalTarget.of("ft:gpt-4o-mini:org::abc", Endpoint.OPENAI), t);
  }

  @Test
  void aNameAtAnotherAddressIsLabelledWithItsHost() {
    EvalTarget t = EvalTarget.parse("llama@http://127.0.0.1:8000/v1", Endpoint.OPENAI, Map.of());
    assertEquals("llama", t.model());
    assertNotEquals(Endpoint.OPENAI, t.endpoint());
    assertTrue(t.label().startsWith("llama@127.0.0.1"), t.label());
  }

  @Test
  void anAddressWithoutANameIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EvalTarget.parse("@http://127.0.0.1:8000/v1", Endpoint.OPENAI, Map.of()));
    assertEquals("no model name before the @", e.getMessage());
  }
}
