package dev.openaift.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.openaift.api.JobRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The API's limits on a job request, at and just past each bound. */
class JobRequestRulesTest {
  private static JobRequestRules.Draft draft(
      String suffix,
      Integer epochs,
      Integer batch,
      Double lr,
      String method,
      Double beta,
      Long seed,
      List<String> metadata) {
    return new JobRequestRules.Draft(
        " gpt-4o-mini ",
        "train.jsonl",
        null,
        suffix,
        epochs,
        batch,
        lr,
        method,
        beta,
        seed,
        metadata,
        Map.of());
  }

  @Test
  void valuesAtTheirBoundsMakeTheRequest() {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < JobRequestRules.MAX_METADATA_PAIRS; i++) {
      pairs.add(
          "k".repeat(JobRequestRules.MAX_METADATA_KEY - 2)
              + String.format("%02d", i)
              + "="
              + "v".repeat(512));
    }
    JobRequest r =
        JobRequestRules.request(
            draft("a".repeat(64), 50, 256, 10.0, "DPO", 2.0, (long) Integer.MAX_VALUE, pairs));
    assertEquals("gpt-4o-mini", r.model());
    assertEquals("dpo", r.method());
    assertEquals(
        Map.of("n_epochs", 50, "batch_size", 256, "learning_rate_multiplier", 10.0, "beta", 2.0),
        r.hyperparameters());
    assertEquals(16, r.metadata().size());

    JobRequest plain =
        JobRequestRules.request(draft(null, 1, 1, null, null, null, 0L, List.of("a==b")));
    assertNull(plain.method());
    assertEquals(Map.of("a", "=b"), plain.metadata(), "the value is taken as written");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "suffix    | --suffix must be 1 to 64 letters, digits, '-' or '_', got 'a b'",
        "epochs    | --epochs must be 1 to 50, got 51",
        "epochs0   | --epochs must be 1 to 50, got 0",
        "batch     | --batch-size must be 1 to 256, got 257",
        "lr        | --lr-multiplier must be above 0 and at most 10, got 0.0",
        "method    | --method must be supervised or dpo, got rl",
        "betaAlone | --beta needs --method dpo",
        "beta      | --beta must be above 0 and at most 2, got 2.5",
        "seed      | --seed must be 0 to 2147483647, got -1",
        "pair      | --metadata must be KEY=VALUE, got 'novalue'",
        "pairs     | --metadata takes at most 16 pairs, got 17",
        "key       | --metadata keys must be 1 to 64 characters and values at most 512, got ''",
      })
  void eachValuePastItsBoundIsNamed(String which, String message) {
    List<String> seventeen = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      seventeen.add("k" + i + "=v");
    }
    JobRequestRules.Draft d =
        switch (which) {
          case "suffix" -> draft("a b", null, null, null, null, null, null, List.of());
          case "epochs" -> draft(null, 51, null, null, null, null, null, List.of());
          case "epochs0" -> draft(null, 0, null, null, null, null, null, List.of());
          case "batch" -> draft(null, null, 257, null, null, null, null, List.of());
          case "lr" -> draft(null, null, null, 0.0, null, null, null, List.of());
          case "method" -> draft(null, null, null, null, "rl", null, null, List.of());
          case "betaAlone" -> draft(null, null, null, null, null, 0.1, null, List.of());
          case "beta" -> draft(null, null, null, null, "dpo", 2.5, null, List.of());
          case "seed" -> draft(null, null, null, null, null, null, -1L, List.of());
          case "pair" -> draft(null, null, null, null, null, null, null, List.of("novalue"));
          case "pairs" -> draft(null, null, null, null, null, null, null, seventeen);
          case "key" -> draft(null, null, null, null, null, null, null, List.of("=v"));
          default -> throw new IllegalArgumentException(which);
        };
    assertEquals(
        message,
        assertThrows(JobRequestRules.Violation.class, () -> JobRequestRules.request(d))
            .getMessage());
  }
}
