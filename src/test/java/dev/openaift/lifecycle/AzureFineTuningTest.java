package dev.openaift.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dated table of what Azure OpenAI fine-tunes; every date is passed in, none is today's. */
class AzureFineTuningTest {
  private final AzureFineTuning table = AzureFineTuning.builtIn();

  @Test
  void openAiNamesBecomeAzuresAndSnapshotsStayThemselves() {
    assertEquals("gpt-35-turbo-0125", table.azureName("gpt-3.5-turbo-0125"));
    assertEquals("gpt-4o-mini-2024-07-18", table.azureName("gpt-4o-mini"));
    assertEquals("gpt-4.1-2025-04-14", table.azureName(" gpt-4.1-2025-04-14 "));
  }

  @Test
  void tiersAreSentInAzuresSpellingWithGlobalStandardByDefault() {
    assertEquals("globalstandard", table.trainingType(null));
    assertEquals("developerTier", table.trainingType("DEVELOPERTIER"));
    assertEquals("standard", table.trainingType("Standard"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> table.trainingType("premium"));
    assertTrue(e.getMessage().contains("developerTier"), e.getMessage());
  }

  @Test
  void refusalsNameWhatIsStillTrainableOnThatDay() {
    LocalDate before = LocalDate.of(2027, 3, 1);
    assertEquals(Optional.empty(), table.refusal("gpt-4o-mini-2024-07-18", before));
    assertEquals(Optional.empty(), table.refusal("gpt-4o-2024-08-06", LocalDate.of(2027, 4, 1)));
    String gone = table.refusal("gpt-4o-2024-08-06", LocalDate.of(2027, 4, 2)).orElseThrow();
    assertTrue(
        gone.startsWith(
            "Azure OpenAI stopped new fine-tuning jobs on gpt-4o-2024-08-06 after 2027-04-01"),
        gone);
    assertTrue(
        gone.contains("it fine-tunes gpt-4.1-2025-04-14 (until 2027-04-14), gpt-4.1-mini"), gone);
    assertTrue(!gone.contains("gpt-4o-mini"), "the gpt-4o family ended that day too: " + gone);
    String never = table.refusal("gpt-35-turbo-0125", before).orElseThrow();
    assertTrue(never.startsWith("Azure OpenAI does not fine-tune gpt-35-turbo-0125"), never);
    String after = table.refusal("gpt-4.1-2025-04-14", LocalDate.of(2027, 5, 1)).orElseThrow();
    assertTrue(after.contains("it fine-tunes no model any more"), after);
  }
}
