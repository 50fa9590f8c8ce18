package dev.openaift.job;

/**
 * Strings from files and from the API shown back to the user (in messages, on a terminal, in plain
 * text): cut when long, with control characters as visible escapes, so a hostile value can neither
 * flood a message nor move the cursor, recolour the terminal, write the clipboard (OSC 52) or forge
 * a line of output.
 */
public final class Echo {
  /** How many characters of a value a message shows. */
  public static final int MAX = 80;

  private Echo() {}

  /** {@link #visible} of at most {@link #MAX} characters, then "... (N characters)" when longer. */
  public static String cut(String s) {
    if (s == null) {
      return "null";
    }
    int n = s.codePointCount(0, s.length());
    if (n <= MAX) {
      return visible(s);
    }
    return visible(s.substring(0, s.offsetByCodePoints(0, MAX))) + "... (" + n + " characters)";
  }

  /**
   * The value as one word for a POSIX shell command line a user may paste: as it is when made only
   * of characters no shell treats specially, else in single quotes (a quote inside as {@code
   * '\''}).
   */
  public static String shellWord(String s) {
    if (!s.isEmpty() && s.matches("[A-Za-z0-9._:/@%+=,-]+")) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** The value as a JSON string literal (quotes, backslashes and control characters escaped). */
  public static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029) {
        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /**
   * A message from elsewhere (an API error's text) fit to print: control characters escaped except
   * line breaks (the one-line error printer folds those), at most 500 characters.
   */
  public static String message(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (String part : s.split("\n", -1)) {
      b.append(b.isEmpty() ? "" : "\n").append(visible(part));
    }
    String shown = b.toString();
    int n = shown.codePointCount(0, shown.length());
    return n <= 500
        ? shown
        : shown.substring(0, shown.offsetByCodePoints(0, 500)) + "... (" + n + " characters)";
  }

  /**
   * The text with every control character escaped: {@code \r}, {@code \n}, {@code \0}, {@code \a}
   * and {@code \x1b} style for C0, DEL and C1 controls, {@code \u202e} style for the Unicode line
   * separators and the bidirectional overrides (which reorder what a terminal shows). A backslash
   * is kept as it is; tabs too.
   */
  public static String visible(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String esc = escape(c);
      if (esc != null && b == null) {
        b = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (b != null) {
        if (esc != null) {
          b.append(esc);
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }

  private static String escape(char c) {
    if (c == '\t') {
      return null;
    }
    if (c < 0x20 || c >= 0x7f && c <= 0x9f) {
      return switch (c) {
        case '\r' -> "\\r";
        case '\n' -> "\\n";
        case 0 -> "\\0";
        case 7 -> "\\a";
        default -> String.format(java.util.Locale.ROOT, "\\x%02x", (int) c);
      };
    }
    if (c == 0x2028
        || c == 0x2029
        || c >= 0x202a && c <= 0x202e
        || c >= 0x2066 && c <= 0x2069
        || c == 0x200e
        || c == 0x200f
        || c == 0x061c) {
      return String.format(java.util.Locale.ROOT, "\\u%04x", (int) c);
    }
    return null;
  }
}
