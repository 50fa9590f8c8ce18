package dev.openaift.metrics;

import com.fasterxml.jackson.core.io.NumberInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The plain shape of a Trainer log read straight from its bytes into a {@link TrainerLog}, without
 * a general JSON parser: objects of ASCII keys holding numbers, plain ASCII strings, {@code null},
 * {@code true} or {@code false}, in a {@code trainer_state.json} document ({@code log_history} and
 * the other top-level fields, whose values are handed over as they are written) or one per line.
 * That is what transformers writes. On 200,000 logged steps (31 MB) this reads in about two thirds
 * of the time of Jackson's streaming parser under the launcher's C1 compiler (175-180 ms against
 * 245-275 ms; README's Speed).
 *
 * <p>It gives up ({@link #read} returns null) at anything else, and {@link TrainerState} then reads
 * the file again with Jackson, which accepts what the project's JSON policy accepts and words every
 * error with its line and column: {@code NaN} and {@code Infinity}, an escape or a byte above ASCII
 * in a string, a nested value in an entry, a trailing comma, a key given twice, a step that is not
 * a whole number of at most 18 digits, a number of more than 64 characters, an entry that is not an
 * object, a string of more than 65,536 characters, an empty log, a document without {@code
 * log_history}, anything after the document, a read error. What it accepts it gives exactly as the
 * parser does: the same calls on the log in the same order, each number the same double (the same
 * correctly rounded parse, {@link NumberInput#parseDouble(char[], int, int, boolean)} with the fast
 * parser; a whole number as its {@code long} converted), the same top-level values ({@code
 * TrainerStateScannerTest} compares the two on random logs).
 */
final class TrainerStateScanner {
  /** The longest number taken; a longer one is left to the parser. */
  private static final int MAX_NUMBER = 64;

  /**
   * The longest string value taken; a longer one is left to the parser, which holds every string to
   * the project's limit (and a log's text values are short).
   */
  private static final int MAX_STRING = 1 << 16;

  /** Gave up: the parser reads the file. */
  private static final class GiveUp extends Exception {
    private static final long serialVersionUID = 1L;

    GiveUp() {
      super(null, null, false, false);
    }
  }

  private static final GiveUp GIVE_UP = new GiveUp();

  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int lim;
  private final char[] digits = new char[MAX_NUMBER];

  /** The log read into: it makes the keys. */
  private final TrainerLog log;

  private TrainerStateScanner(InputStream in, TrainerLog log) {
    this.in = in;
    this.log = log;
  }

  /**
   * The entries of {@code in} (past any BOM) fed to {@code log}, and the raw bytes of every other
   * top-level field by name in document order (none for a line-per-entry log); null when the file
   * is not of the plain shape, and {@code log} must then be thrown away.
   */
  static Map<String, byte[]> read(InputStream in, TrainerLog log, boolean lines) {
    TrainerStateScanner s = new TrainerStateScanner(in, log);
    try {
      if (lines) {
        s.lines();
        return Map.of();
      }
      return s.document();
    } catch (GiveUp | IOException e) {
      return null;
    }
  }

  private Map<String, byte[]> document() throws IOException, GiveUp {
    expect('{');
    Map<String, byte[]> top = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    boolean history = false;
    if (peek() == '}') {
      throw GIVE_UP;
    }
    while (true) {
      String name = key();
      expect(':');
      if (!names.add(name)) {
        throw GIVE_UP;
      }
      if (name.equals("log_history") && peek() == '[') {
        pos++;
        entries();
        history = true;
      } else {
        top.put(name, rawValue());
      }
      if (closes('}')) {
        break;
      }
    }
    if (!history || log.entries() == 0 || peek() != -1) {
      throw GIVE_UP;
    }
    return top;
  }

  /** The entries of {@code log_history}, after its {@code [}, up to and past its {@code ]}. */
  private void entries() throws IOException, GiveUp {
    if (peek() == ']') {
      throw GIVE_UP;
    }
    while (true) {
      entry();
      if (closes(']')) {
        return;
      }
    }
  }

  private void lines() throws IOException, GiveUp {
    while (peek() != -1) {
      entry();
    }
    if (log.entries() == 0) {
      throw GIVE_UP;
    }
  }

  /** One object entry, its fields in order. */
  private void entry() throws IOException, GiveUp {
    expect('{');
    log.begin();
    previous = entryStart;
    if (peek() == '}') {
      pos++;
      log.end();
      return;
    }
    while (true) {
      TrainerLog.Key key = entryKey();
      expect(':');
      value(key);
      if (closes('}')) {
        break;
      }
    }
    if (log.repeated()) {
      throw GIVE_UP;
    }
    log.end();
  }

  private void value(TrainerLog.Key key) throws IOException, GiveUp {
    int c = peek();
    if (c == '-' || (c >= '0' && c <= '9')) {
      number(key);
    } else if (key.step) {
      throw GIVE_UP; // the parser keeps a step that is not a whole number as written
    } else if (c == '"') {
      log.text(key, string());
    } else if (literal("null")) {
      log.empty(key);
    } else if (literal("true") || literal("false")) {
      log.other(key);
    } else {
      throw GIVE_UP;
    }
  }

  /**
   * A number by JSON's grammar: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, followed by
   * a delimiter.
   */
  private void number(TrainerLog.Key key) throws IOException, GiveUp {
    ensure(MAX_NUMBER + 1);
    // the buffer and its bounds in locals, and the digits taken in the same pass that finds them:
    // the launcher's C1 compiler keeps a field in memory across a loop (a 31 MB state is about
    // 1,000,000 numbers)
    byte[] b = buf;
    int l = lim;
    int start = pos;
    int p = start;
    boolean negative = p < l && b[p] == '-';
    if (negative) {
      p++;
    }
    // every digit of the integer and fractional parts, as one integer, and how many of them count
    // from the first that is not zero
    mantissa = 0;
    significant = 0;
    int intStart = p;
    p = digits(b, p, l);
    int intDigits = p - intStart;
    if (intDigits == 0 || (intDigits > 1 && b[intStart] == '0')) {
      throw GIVE_UP;
    }
    int fracDigits = 0;
    boolean fraction = p < l && b[p] == '.';
    if (fraction) {
      int fracStart = ++p;
      p = digits(b, p, l);
      fracDigits = p - fracStart;
      if (fracDigits == 0) {
        throw GIVE_UP;
      }
    }
    long m = mantissa;
    boolean hasExponent = p < l && (b[p] == 'e' || b[p] == 'E');
    int exponent = 0;
    if (hasExponent) {
      p++;
      boolean minus = p < l && b[p] == '-';
      if (p < l && (b[p] == '+' || b[p] == '-')) {
        p++;
      }
      int e = p;
      for (; p < l && b[p] >= '0' && b[p] <= '9'; p++) {
        if (exponent < 10_000) {
          exponent = exponent * 10 + (b[p] - '0');
        }
      }
      if (p == e) {
        throw GIVE_UP;
      }
      exponent = minus ? -exponent : exponent;
    }
    int n = p - start;
    if (n > MAX_NUMBER || p >= l || !delimiter(b[p])) {
      throw GIVE_UP; // too long for the buffer of digits, or not followed by a delimiter
    }
    pos = p;
    if (!fraction && !hasExponent) {
      // a whole number, as the parser gives it: a long (a step), or that long as a double
      if (intDigits > 18) {
        throw GIVE_UP; // may not fit in a long: the parser's big integer
      }
      long v = negative ? -m : m;
      if (key.step) {
        log.whole(key, v);
      } else {
        log.number(key, (double) v);
      }
      return;
    }
    if (key.step) {
      throw GIVE_UP; // the parser keeps a fractional step as written
    }
    log.number(key, decimal(start, n, negative, m, significant, exponent - fracDigits));
  }

  /** The digits of the number being taken so far, as one integer ({@link #digits}). */
  private long mantissa;

  /** How many of those digits count, from the first that is not zero. */
  private int significant;

  /**
   * Takes the decimal digits of {@code b} from {@code p} (before {@code l}) into {@link #mantissa}
   * and {@link #significant}; returns where they end.
   */
  private int digits(byte[] b, int p, int l) {
    long m = mantissa;
    int counted = significant;
    for (; p < l; p++) {
      int d = b[p] - '0';
      if (d < 0 || d > 9) {
        break;
      }
      if (counted > 0 || d != 0) {
        counted++;
      }
      m = m * 10 + d;
    }
    mantissa = m;
    significant = counted;
    return p;
  }

  /**
   * The double nearest a decimal (correctly rounded, as {@link NumberInput#parseDouble} gives it):
   * {@code m * 10^scale}, {@code m} holding every digit written ({@code significant} of them from
   * the first that is not zero). With at most 15 significant digits and a power of ten of at most
   * 22 both are exact doubles, and one division or multiplication rounds correctly (Clinger's fast
   * path, which the fast parser takes too); other numbers go to the fast parser, from the {@code n}
   * bytes at {@code start} as written.
   */
  private double decimal(int start, int n, boolean negative, long m, int significant, int scale) {
    if (significant <= 15 && scale >= -22 && scale <= 22) {
      double v = m == 0 ? 0.0 : scale < 0 ? m / POW10[-scale] : m * POW10[scale];
      return negative ? -v : v;
    }
    for (int i = 0; i < n; i++) {
      digits[i] = (char) buf[start + i];
    }
    return NumberInput.parseDouble(digits, 0, n, true);
  }

  /** 10^0 .. 10^22, each an exact double. */
  private static final double[] POW10 = new double[23];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private static boolean delimiter(byte b) {
    return b == ',' || b == '}' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  /** A literal word followed by a delimiter, taken when it is there. */
  private boolean literal(String word) throws IOException {
    int n = word.length();
    ensure(n + 1);
    if (lim - pos < n + 1) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (buf[pos + i] != word.charAt(i)) {
        return false;
      }
    }
    if (!delimiter(buf[pos + n])) {
      return false;
    }
    pos += n;
    return true;
  }

  /** A key: a string of printable ASCII without escapes, the same String each time it comes. */
  private String key() throws IOException, GiveUp {
    return entryKey().name;
  }

  /** A key as the log knows it (made once per distinct key, found by its bytes after). */
  private TrainerLog.Key entryKey() throws IOException, GiveUp {
    expect('"');
    // the key that followed the previous one last time, compared in place: entries repeat their
    // keys in the same order
    KnownKey guess = previous.follower;
    if (guess != null) {
      byte[] k = guess.bytes;
      int end = pos + k.length;
      if (end < lim && buf[end] == '"' && sameBytes(k, pos)) {
        pos = end + 1;
        previous = guess;
        return guess.key;
      }
    }
    int start = pos;
    int hash = 1;
    while (true) {
      if (pos == lim) {
        int kept = pos - start;
        if (!fillKeeping(start)) {
          throw GIVE_UP;
        }
        start = 0;
        pos = kept;
        continue;
      }
      byte b = buf[pos];
      if (b == '"') {
        break;
      }
      if (b == '\\' || b < 0x20 || b > 0x7e) {
        throw GIVE_UP;
      }
      hash = 31 * hash + b;
      pos++;
    }
    int len = pos - start;
    pos++;
    KnownKey[] table = known;
    int slot = hash & (table.length - 1);
    KnownKey found = null;
    for (KnownKey k = table[slot]; k != null; k = k.next) {
      if (k.hash == hash && k.bytes.length == len && sameBytes(k.bytes, start)) {
        found = k;
        break;
      }
    }
    if (found == null) {
      byte[] bytes = Arrays.copyOfRange(buf, start, start + len);
      TrainerLog.Key key = log.key(new String(bytes, StandardCharsets.US_ASCII));
      found = new KnownKey(bytes, hash, key, table[slot]);
      table[slot] = found;
    }
    previous.follower = found;
    previous = found;
    return found.key;
  }

  /** Whether the buffer holds {@code key} from {@code at} (which has room for it). */
  private boolean sameBytes(byte[] key, int at) {
    byte[] b = buf;
    for (int i = 0; i < key.length; i++) {
      if (b[at + i] != key[i]) {
        return false;
      }
    }
    return true;
  }

  /** A key's bytes and the log's key, chained in {@link #known}. */
  private static final class KnownKey {
    final byte[] bytes;
    final int hash;
    final TrainerLog.Key key;
    final KnownKey next;

    /** The key that came after this one the last time it came. */
    KnownKey follower;

    KnownKey(byte[] bytes, int hash, TrainerLog.Key key, KnownKey next) {
      this.bytes = bytes;
      this.hash = hash;
      this.key = key;
      this.next = next;
    }
  }

  /** Where an entry's keys start: its follower is the first key of the entry before. */
  private final KnownKey entryStart = new KnownKey(new byte[0], 0, null, null);

  /** The key taken last ({@link #entryStart} at the start of an entry). */
  private KnownKey previous = entryStart;

  /** Keys seen, by the hash of their bytes (a log has a few dozen keys at most). */
  private final KnownKey[] known = new KnownKey[256];

  /** A string value: printable ASCII, no escapes. */
  private String string() throws IOException, GiveUp {
    StringBuilder s = new StringBuilder();
    pos++;
    while (true) {
      if (pos == lim && !fill()) {
        throw GIVE_UP;
      }
      byte b = buf[pos++];
      if (b == '"') {
        return s.toString();
      }
      if (b == '\\' || b < 0x20 || b > 0x7e || s.length() == MAX_STRING) {
        throw GIVE_UP;
      }
      s.append((char) b);
    }
  }

  /**
   * The bytes of one top-level value as written, for the parser: strings skipped with their
   * escapes, brackets counted; ends before the delimiter that follows it.
   */
  private byte[] rawValue() throws IOException, GiveUp {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    peek();
    int depth = 0;
    boolean inString = false;
    boolean escaped = false;
    while (true) {
      if (pos == lim && !fill()) {
        if (depth == 0 && !inString && out.size() > 0) {
          return out.toByteArray();
        }
        throw GIVE_UP;
      }
      byte b = buf[pos];
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        depth++;
      } else if (b == '}' || b == ']') {
        if (depth == 0) {
          return out.toByteArray();
        }
        depth--;
      } else if (b == ',' && depth == 0) {
        return out.toByteArray();
      }
      out.write(b);
      pos++;
    }
  }

  /**
   * What follows an item of an object or a list: true for {@code close}, which ends it; false for a
   * comma with another item after it. A trailing comma, or anything else, gives up.
   */
  private boolean closes(char close) throws IOException, GiveUp {
    int c = peek();
    if (c == close) {
      pos++;
      return true;
    }
    if (c != ',') {
      throw GIVE_UP;
    }
    pos++;
    if (peek() == close) {
      throw GIVE_UP;
    }
    return false;
  }

  private void expect(char c) throws IOException, GiveUp {
    if (peek() != c) {
      throw GIVE_UP;
    }
    pos++;
  }

  /** The next byte that is not JSON whitespace (left unread), from 0 to 255, or -1 at the end. */
  private int peek() throws IOException {
    while (true) {
      // in locals: most of a state's bytes are the indentation skipped here
      byte[] b = buf;
      int l = lim;
      int p = pos;
      for (; p < l; p++) {
        byte c = b[p];
        if (c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t')) {
          pos = p;
          return c & 0xff; // a byte above ASCII is not the end (-1): 0xff was read as it
        }
      }
      pos = p;
      if (!fill()) {
        return -1;
      }
    }
  }

  /** At least {@code n} bytes from {@code pos} in the buffer, unless the file ends first. */
  private void ensure(int n) throws IOException {
    while (lim - pos < n && fill()) {
      // filled
    }
  }

  /** Moves the unread bytes to the front and reads more after them; false at the end. */
  private boolean fill() throws IOException {
    return fillKeeping(pos);
  }

  /** As {@link #fill}, keeping the bytes from {@code from} (at most {@code pos}) too. */
  private boolean fillKeeping(int from) throws IOException {
    int kept = lim - from;
    if (kept == buf.length) {
      return false; // a token as long as the buffer: left to the parser
    }
    System.arraycopy(buf, from, buf, 0, kept);
    pos -= from;
    lim = kept;
    int n = in.read(buf, lim, buf.length - lim);
    if (n <= 0) {
      return false;
    }
    lim += n;
    return true;
  }
}
