package dev.openaift.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The key the sandbox command serves with: given, then the environment, then the default. */
class SandboxLaunchTest {
  private static final Map<String, String> BOTH =
      Map.of("OPENAI_API_KEY", "sk-openai", "AZURE_OPENAI_API_KEY", "az-key");

  @Test
  void aGivenKeyWins() {
    assertEquals(
        new SandboxLaunch.Key("sk-given", false), SandboxLaunch.Key.choose("sk-given", true, BOTH));
  }

  @Test
  void theAzureKeyOnlyForTheAzureFlavour() {
    assertEquals(
        new SandboxLaunch.Key("az-key", false), SandboxLaunch.Key.choose(null, true, BOTH));
    assertEquals(
        new SandboxLaunch.Key("sk-openai", false), SandboxLaunch.Key.choose(" ", false, BOTH));
  }

  @Test
  void withoutAnyTheDefaultIsPrinted() {
    assertEquals(
        new SandboxLaunch.Key(SandboxConfig.DEFAULT_API_KEY, true),
        SandboxLaunch.Key.choose("", true, Map.of("AZURE_OPENAI_API_KEY", " ")));
  }
}
