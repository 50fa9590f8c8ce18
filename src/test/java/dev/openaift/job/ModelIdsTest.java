package dev.openaift.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelIdsTest {
  @Test
  void openAisFineTunesAndCheckpoints() {
    String ft = "ft:gpt-4o-mini-2024-07-18:org:support:abc123";
    assertTrue(ModelIds.isFineTuned(ft));
    assertFalse(ModelIds.isAzureFineTune(ft));
    assertEquals("gpt-4o-mini-2024-07-18", ModelIds.base(ft));
    assertTrue(ModelIds.isCheckpoint(ft + ":ckpt-step-40"));
    assertFalse(ModelIds.isCheckpoint(ft));
  }

  @Test
  void azuresFineTunesNameTheirBaseBeforeDotFt() {
    String withSuffix = "gpt-35-turbo-0125.ft-0e208cf33a6a466994aff31a08aba678-support";
    String plain = "gpt-4.1-2025-04-14.ft-0e208cf33a6a466994aff31a08aba678";
    for (String m : new String[] {withSuffix, plain}) {
      assertTrue(ModelIds.isFineTuned(m), m);
      assertTrue(ModelIds.isAzureFineTune(m), m);
    }
    assertEquals("gpt-35-turbo-0125", ModelIds.base(withSuffix));
    assertEquals("gpt-4.1-2025-04-14", ModelIds.base(plain));
    assertTrue(ModelIds.isCheckpoint(plain + ":ckpt-step-10"));
  }

  @Test
  void baseModelsAndLookAlikesAreThemselves() {
    for (String m :
        new String[] {
          "gpt-4o-mini-2024-07-18", "my-llama", ".ft-abc", "model.ft-", "model.ft-xyz", "ft-abc"
        }) {
      assertFalse(ModelIds.isFineTuned(m), m);
      assertEquals(m, ModelIds.base(m));
    }
    assertFalse(ModelIds.isFineTuned(null));
    assertNull(ModelIds.base(null));
  }
}
