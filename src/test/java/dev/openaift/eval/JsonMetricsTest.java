package dev.openaift.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JsonMetricsTest {
  @Test
  void validJson() {
    assertTrue(JsonMetrics.valid(" {\"a\": 1} "));
    assertTrue(JsonMetrics.valid("```json\n{\"a\": 1}\n```"));
    assertTrue(JsonMetrics.valid("[1, 2]"));
    assertFalse(JsonMetrics.valid("{\"a\": 1} trailing"));
    assertFalse(JsonMetrics.valid("{\"a\": 1, \"a\": 2}"), "duplicate keys");
    assertFalse(JsonMetrics.valid("{'a': 1}"));
    assertFalse(JsonMetrics.valid(""));
  }

  @Test
  void fieldAgreementByHand() {
    String answer = "{\"name\": \"Ann\", \"age\": 30, \"tags\": [\"a\", \"b\"]}";
    String reference = "{\"name\": \"Ann\", \"age\": 30.0, \"tags\": [\"a\"], \"city\": \"Oslo\"}";
    // leaves: reference $.name $.age $.tags[0] $.city; answer $.name $.age $.tags[0] $.tags[1]
    // union 5, equal 3 (name, age 30 = 30.0, tags[0]) -> 3/5
    assertEquals(0.6, JsonMetrics.fieldAgreement(answer, reference), 1e-15);
    assertEquals(1.0, JsonMetrics.fieldAgreement("{\"b\": {\"c\": []}}", "{\"b\": {\"c\": []}}"));
    assertEquals(0.0, JsonMetrics.fieldAgreement("not json", reference));
    assertTrue(Double.isNaN(JsonMetrics.fieldAgreement(answer, "plain text")));
    // nested: reference $.a.x=1 $.a.y=2, answer $.a.x=1 $.a.y="2": union 2, equal 1
    assertEquals(
        0.5,
        JsonMetrics.fieldAgreement(
            "{\"a\": {\"x\": 1, \"y\": \"2\"}}", "{\"a\": {\"x\": 1, \"y\": 2}}"));
  }
}
