package dev.openaift.job;

import java.util.regex.Pattern;

/** Job ids become folder names in the archive; only ids of a safe shape may. */
public final class JobIds {
  /** Letters, digits, '-', '_' and '.', not starting with '.', at most 128 characters. */
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

  private JobIds() {}

  /** Whether the id can be used as one path segment (no separators, no "..", no leading dot). */
  public static boolean isSafe(String id) {
    return id != null && SAFE.matcher(id).matches();
  }

  /** The id itself, or IllegalArgumentException naming it when it is not a safe folder name. */
  public static String requireSafe(String id) {
    if (!isSafe(id)) {
      throw new IllegalArgumentException(
          "not a valid job id: '" + id + "' (expected letters, digits, '-', '_' or '.', e.g. ftjob-abc123)");
    }
    return id;
  }
}
