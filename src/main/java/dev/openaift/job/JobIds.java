package dev.openaift.job;

import dev.openaift.io.Echo;
import java.util.regex.Pattern;

/** Job ids become folder names in the archive; only ids of a safe shape may. */
public final class JobIds {
  /** Letters, digits, '-', '_' and '.', not starting with '.', at most 128 characters. */
  /** The longest id accepted (the service's are about 30 characters). */
  public static final int MAX_LENGTH = 128;

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

  private JobIds() {}

  /** Whether the id can be used as one path segment (no separators, no "..", no leading dot). */
  public static boolean isSafe(String id) {
    return id != null && SAFE.matcher(id).matches();
  }

  /** The id itself, or IllegalArgumentException naming it when it is not a safe folder name. */
  public static String requireSafe(String id) {
    if (id != null && id.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "not a valid job id: '"
              + Echo.visible(id.substring(0, 24))
              + "...' is "
              + id.length()
              + " characters long, at most "
              + MAX_LENGTH
              + " (e.g. ftjob-abc123)");
    }
    if (!isSafe(id)) {
      throw new IllegalArgumentException(
          "not a valid job id: '"
              + Echo.cut(id)
              + "' (expected letters, digits, '-', '_' or '.', e.g. ftjob-abc123)");
    }
    return id;
  }
}
