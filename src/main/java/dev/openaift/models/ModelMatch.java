package dev.openaift.models;

import java.util.Optional;

/**
 * The model a user asked for and what the price table says about it.
 *
 * @param requested the name as given ({@code gpt-4o-mini}, {@code
 *     ft:gpt-4o-mini-2024-07-18:org::id})
 * @param info the matching table entry, empty for an unknown model
 * @param encoding the encoding used to count tokens: the entry's, or for an unknown model the one
 *     of its family ({@code o200k_base} when the family is not known either)
 */
public record ModelMatch(String requested, Optional<ModelInfo> info, String encoding) {
  /** The encoding used for models whose family is not known. */
  public static final String FALLBACK_ENCODING = "o200k_base";

  public boolean known() {
    return info.isPresent();
  }
}
