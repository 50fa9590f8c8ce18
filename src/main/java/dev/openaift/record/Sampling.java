package dev.openaift.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a recording's answers were sampled: the request parameters besides the prompt that change an
 * answer. Two models' scores compare their quality only when both were sampled alike; this is the
 * one place that says what "alike" is and how the settings read for people.
 *
 * @param temperature the temperature sent, or null for the API's default
 * @param seed the seed sent, or null
 * @param maxTokens {@code max_completion_tokens} sent, or null
 */
public record Sampling(Double temperature, Long seed, Integer maxTokens) {

  /** For people: {@code temperature 0.0, seed 1, max tokens none}. */
  public String shown() {
    return "temperature "
        + (temperature == null ? "default" : temperature)
        + ", seed "
        + (seed == null ? "none" : seed)
        + ", max tokens "
        + (maxTokens == null ? "none" : maxTokens);
  }

  /**
   * The options of {@code given} that were set (not null) and differ from these settings, as they
   * would be typed ({@code --temperature 0.0 --seed 1}); empty when every option given agrees. An
   * option left out asks for nothing, so it never differs.
   */
  public List<String> differingOptions(Sampling given) {
    List<String> out = new ArrayList<>();
    if (given.temperature != null && !given.temperature.equals(temperature)) {
      out.add("--temperature " + given.temperature);
    }
    if (given.seed != null && !given.seed.equals(seed)) {
      out.add("--seed " + given.seed);
    }
    if (given.maxTokens != null && !given.maxTokens.equals(maxTokens)) {
      out.add("--max-tokens " + given.maxTokens);
    }
    return out;
  }

  /** Whether answers sampled this way and {@code other}'s were asked with the same parameters. */
  public boolean sameAs(Sampling other) {
    return Objects.equals(temperature, other.temperature)
        && Objects.equals(seed, other.seed)
        && Objects.equals(maxTokens, other.maxTokens);
  }
}
