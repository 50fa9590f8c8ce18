package dev.openaift.api;

import java.util.Locale;

/**
 * Which service a {@link Connection} talks to. Both speak the same fine-tuning objects; Azure
 * OpenAI is reached with an {@code api-key} header, an {@code api-version} query parameter, paths
 * under {@code /openai} and chat through deployments (openai-java's own Azure support does all of
 * that).
 */
public enum Provider {
  OPENAI,
  AZURE;

  /**
   * {@code openai} or {@code azure} (the name in lower case): the value of {@code --provider} and
   * of {@code source.json}.
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The provider named {@code name} (case ignored). */
  public static Provider parse(String name) {
    String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (Provider p : values()) {
      if (p.id().equals(n)) {
        return p;
      }
    }
    throw new ApiException(
        ApiException.Kind.INVALID_CONFIG,
        "unknown provider '" + name + "': expected openai or azure");
  }
}
