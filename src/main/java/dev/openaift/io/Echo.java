package dev.openaift.io;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * Strings from files and from the API shown back to the user (in messages, on a terminal, in plain
 * text): cut when long, with control characters as visible escapes, so a hostile value can neither
 * flood a message nor move the cursor, recolour the terminal, write the clipboard (OSC 52) or forge
 * a line of output.
 */
public final class Echo {
  /** How many characters of a value a message shows. */
  public static final int MAX = 80;

  /** How many characters of a message ({@link #message}) the terminal shows. */
  public static final int MESSAGE_MAX = 1000;

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
   * A message from elsewhere (an API error's text) or a whole error message fit to print: control
   * characters escaped except line breaks (the one-line error printer folds those), at most {@link
   * #MESSAGE_MAX} characters, cut in the middle ({@link #middle}) so that both how it starts and
   * how it ends (where a hint or a command to run usually is) are shown.
   */
  public static String message(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (String part : middle(s, MESSAGE_MAX).split("\n", -1)) {
      b.append(b.isEmpty() ? "" : "\n").append(visible(part));
    }
    return b.toString();
  }

  /**
   * The text as it is when at most {@code max} characters (code points) long, else its beginning
   * and its end with "... (N characters left out) ..." between them: three fifths of {@code max}
   * from the start, two fifths from the end. Control characters are left as they are (see {@link
   * #visible}).
   */
  public static String middle(String s, int max) {
    int n = s.codePointCount(0, s.length());
    if (n <= max) {
      return s;
    }
    int head = max * 3 / 5;
    int tail = max - head;
    String start = s.substring(0, s.offsetByCodePoints(0, head));
    String end = s.substring(s.offsetByCodePoints(s.length(), -tail));
    return start + " ... (" + (n - max) + " characters left out) ... " + end;
  }

  /**
   * A writer for text meant for people (messages, tables, listings) on top of {@code raw}: every
   * control character written through it is shown as a visible escape ({@link #visible}) except
   * line breaks and tabs, whoever wrote it, so that no value from a file or the API that reaches
   * the terminal through it can move the cursor or send escape sequences. What writes control
   * characters on purpose (the progress line's carriage returns, colours, usage help, data piped to
   * another program) writes to {@link #raw} of it.
   */
  public static PrintWriter forPeople(PrintWriter raw) {
    return raw instanceof ForPeople ? raw : new ForPeople(raw);
  }

  /**
   * The writer under {@code out} that writes control characters as they are: for output whose
   * control characters are deliberate (see {@link #forPeople}); {@code out} itself when it is not a
   * writer for people.
   */
  public static PrintWriter raw(PrintWriter out) {
    return out instanceof ForPeople p ? p.raw : out;
  }

  /**
   * Draws {@code line} (made {@link #visible}, cut to {@code width - 1} columns) over the status
   * line a terminal shows, blanking the rest of a longer line drawn before, and flushes.
   *
   * @param drawn the length of the line on screen now, 0 for none
   * @return the length of the line now on screen
   */
  public static int redraw(PrintWriter out, String line, int width, int drawn) {
    String shown = visible(line);
    if (shown.length() > width - 1) {
      shown = shown.substring(0, width - 1);
    }
    StringBuilder b = new StringBuilder("\r").append(shown);
    if (shown.length() < drawn) {
      b.append(" ".repeat(drawn - shown.length())).append('\r').append(shown);
    }
    raw(out).print(b); // the carriage returns redraw the line
    out.flush();
    return shown.length();
  }

  /** Blanks a status line of {@code drawn} characters that {@link #redraw} left on a terminal. */
  public static void wipe(PrintWriter out, int drawn) {
    raw(out).print("\r" + " ".repeat(drawn) + "\r");
  }

  private static final class ForPeople extends PrintWriter {
    private final PrintWriter raw;

    ForPeople(PrintWriter raw) {
      super(new VisibleWriter(raw));
      this.raw = raw;
    }

    @Override
    public boolean checkError() {
      return super.checkError() || raw.checkError();
    }
  }

  /**
   * Passes text on with control characters other than line breaks and tabs escaped. Writer's own
   * {@code write(int)} and {@code write(String, ...)} hand their characters to {@link
   * #write(char[], int, int)}, the one place that escapes.
   */
  private static final class VisibleWriter extends Writer {
    private final PrintWriter out;

    VisibleWriter(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void write(char[] buf, int off, int len) {
      int run = off;
      for (int i = off; i < off + len; i++) {
        char c = buf[i];
        String esc = c == '\n' ? null : escape(c);
        if (esc != null) {
          out.write(buf, run, i - run);
          out.write(esc);
          run = i + 1;
        }
      }
      out.write(buf, run, off + len - run);
    }

    @Override
    public void flush() {
      out.flush();
    }

    @Override
    public void close() {
      out.close();
    }
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
