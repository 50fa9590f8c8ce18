package dev.openaift.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with a JSON document, in our words: the JSON library's messages name its own
 * classes, features and "source markers", which mean nothing to the user. The location (file, line,
 * column) is added by the caller.
 */
public final class JsonErrors {
  private static final Pattern CHARACTER =
      Pattern.compile("Unexpected character \\((.*?) \\(code \\d+\\)\\)(?::\\s*(.*))?");
  private static final Pattern TOKEN =
      Pattern.compile("(?:Unrecognized|Non-standard) token '(.*?)'.*");
  private static final Pattern CONTROL =
      Pattern.compile("Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\).*");
  private static final Pattern CLOSE =
      Pattern.compile("Unexpected close marker '(.)': expected '(.)'.*");
  private static final Pattern ESCAPE =
      Pattern.compile("Unrecognized character escape (.*?) \\(code \\d+\\).*");
  private static final Pattern FOUND =
      Pattern.compile("from (Object|Array|String|Integer|Floating-point|Boolean|Null) value");
  private static final Pattern LIMIT =
      Pattern.compile(".*?\\((\\d+)\\) exceeds the maximum allowed \\((\\d+).*");

  private JsonErrors() {}

  /** The problem, e.g. "not valid JSON: the file ends inside a string (cut off?)". */
  public static String describe(JsonProcessingException ex) {
    String m = ex.getOriginalMessage() == null ? "" : ex.getOriginalMessage();
    int nl = m.indexOf('\n');
    if (nl >= 0) {
      m = m.substring(0, nl);
    }
    if (ex instanceof StreamConstraintsException || m.contains("exceeds the maximum allowed")) {
      Matcher limit = LIMIT.matcher(m);
      String max = limit.matches() ? limit.group(2) : "the maximum";
      if (m.startsWith("Document nesting depth")) {
        return "nested too deeply (more than " + max + " levels of arrays and objects)";
      }
      if (m.startsWith("Number value length")) {
        return "a number with more than " + max + " digits";
      }
      if (m.startsWith("String value length")) {
        return "a string longer than " + max + " characters";
      }
      return "too large to read";
    }
    if (ex instanceof MismatchedInputException mismatch && m.startsWith("Cannot deserialize")) {
      return wrongType(mismatch, m);
    }
    return "not valid JSON: " + problem(m);
  }

  /**
   * The problem of a file or line that could not be read, with its place: the line and column of
   * the error when the library knows them.
   */
  public static InputFileException inFile(Path file, JsonProcessingException ex) {
    JsonLocation loc = ex.getLocation();
    long line = loc == null ? 0 : Math.max(loc.getLineNr(), 0);
    long column = loc == null ? 0 : Math.max(loc.getColumnNr(), 0);
    return new InputFileException(file, line, column, describe(ex), ex);
  }

  /**
   * {@code message} with the text of every JSON library error among the causes of {@code error}
   * replaced by {@link #describe}: the last guard of the one error printer, for a message that
   * quoted the library (e.g. {@code "not JSON: " + e.getOriginalMessage()}).
   */
  public static String inOurWords(String message, Throwable error) {
    if (message == null) {
      return null;
    }
    String m = message;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof JsonProcessingException j) {
        String ours = describe(j);
        for (String theirs : new String[] {j.getMessage(), j.getOriginalMessage()}) {
          if (theirs == null || theirs.isBlank()) {
            continue;
          }
          String first = theirs.lines().findFirst().orElse(theirs);
          for (String quoted : new String[] {theirs, first}) {
            int at = m.indexOf(quoted);
            if (at >= 0) {
              String before = m.substring(0, at);
              String after = m.substring(at + quoted.length());
              String said = ours;
              if (before.endsWith("JSON: ") && said.startsWith("not valid JSON: ")) {
                said = said.substring("not valid JSON: ".length()); // the message says it already
              }
              if (after.startsWith(")") && before.endsWith("(")) {
                before = before.substring(0, before.length() - 1).stripTrailing() + ": ";
                after = after.substring(1);
              }
              m = before + said + after;
              break;
            }
          }
        }
      }
    }
    return m;
  }

  /** A value of another type than the one expected, e.g. an object where a list belongs. */
  private static String wrongType(MismatchedInputException ex, String m) {
    Class<?> target = ex.getTargetType();
    String expected =
        target == null
            ? "another kind of value"
            : java.util.Collection.class.isAssignableFrom(target) || target.isArray()
                ? "a list"
                : Number.class.isAssignableFrom(target)
                        || target == int.class
                        || target == long.class
                        || target == double.class
                    ? "a number"
                    : target == String.class
                        ? "a string"
                        : target == Boolean.class || target == boolean.class
                            ? "true or false"
                            : "an object";
    Matcher found = FOUND.matcher(m);
    String was =
        !found.find()
            ? ""
            : switch (found.group(1)) {
              case "Object" -> " but found an object";
              case "Array" -> " but found a list";
              case "String" -> " but found a string";
              case "Integer", "Floating-point" -> " but found a number";
              case "Boolean" -> " but found true or false";
              case "Null" -> " but found null";
              default -> "";
            };
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference r : ex.getPath()) {
      if (r.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(Echo.cut(r.getFieldName()));
      } else if (r.getIndex() >= 0) {
        path.append('[').append(r.getIndex()).append(']');
      }
    }
    return "expected " + expected + (path.isEmpty() ? "" : " at " + path) + was;
  }

  private static String problem(String m) {
    if (m.startsWith("Unexpected end-of-input")) {
      String where =
          m.contains("closing quote") || m.contains("VALUE_STRING")
              ? "inside a string"
              : m.contains("close marker for Object") || m.contains("Object entries")
                  ? "before an object is closed"
                  : m.contains("close marker for Array")
                      ? "before an array is closed"
                      : m.contains("field name") ? "inside a field name" : "too early";
      return "the file ends " + where + " (cut off?)";
    }
    Matcher token = TOKEN.matcher(m);
    if (token.matches()) {
      String t = token.group(1);
      if (t.matches("[-+]?(NaN|Infinity|INF)")) {
        return t + " is not a JSON number";
      }
      return "unrecognized word '"
          + Echo.cut(t)
          + "' (expected a string, number, array, object, true, false or null)";
    }
    if (m.contains("ALLOW_COMMENTS") || m.contains("comment?")) {
      return "a comment ('//', '/*' or '#'): JSON has no comments";
    }
    if (m.contains("ALLOW_SINGLE_QUOTES")) {
      return "a string in single quotes: JSON strings take double quotes";
    }
    if (m.contains("ALLOW_UNQUOTED_FIELD_NAMES")) {
      return "a key without double quotes";
    }
    Matcher ch = CHARACTER.matcher(m);
    if (ch.matches()) {
      String expected = ch.group(2) == null ? "" : " (" + expected(ch.group(2)) + ")";
      return "unexpected character " + ch.group(1) + expected;
    }
    Matcher control = CONTROL.matcher(m);
    if (control.matches()) {
      return "a control character (code " + control.group(1) + ") inside a string must be escaped";
    }
    Matcher close = CLOSE.matcher(m);
    if (close.matches()) {
      return "unexpected '" + close.group(1) + "' (expected '" + close.group(2) + "')";
    }
    Matcher escape = ESCAPE.matcher(m);
    if (escape.matches()) {
      return "unknown escape \\" + escape.group(1).replace("'", "") + " in a string";
    }
    if (m.startsWith("Duplicate field '")) {
      return "the key "
          + Echo.cut(m.substring("Duplicate field ".length()))
          + " appears twice in one object";
    }
    if (m.startsWith("Trailing token")) {
      return "unexpected content after the end of the document";
    }
    if (m.startsWith("Invalid UTF-8")) {
      return "not valid UTF-8 text";
    }
    if (m.contains("Leading zeroes")) {
      return "a number with leading zeros";
    }
    return cleaned(m);
  }

  private static String expected(String s) {
    String e = cleaned(s).replaceFirst("^was expecting ", "expected ");
    if (e.startsWith("expected a valid value")) {
      return "expected a value";
    }
    return e;
  }

  /** Any other message without the library's markers, classes and feature names. */
  private static String cleaned(String m) {
    String s =
        m.replaceAll("\\s*\\(?(?:start marker at |for \\w+ starting at )?\\[Source:.*$", "")
            .replaceAll("\\s*\\(code \\d+\\)", "")
            .replaceAll(":?\\s*[^:]*`[^`]*`.*$", "")
            .replaceAll(
                "\\s*\\((?:JSON String, Number, Array, Object|through reference chain)[^)]*\\)", "")
            .replaceAll("\\s*\\([^()]*(?:Feature|REDACTED|com\\.fasterxml)[^()]*\\)", "")
            .replaceAll(
                "[:;,]?\\s*[^:;,]*(?:Feature|REDACTED|com\\.fasterxml|[A-Z]+_[A-Z_]+).*$", "")
            .strip();
    if (s.isEmpty()) {
      return "cannot be read";
    }
    return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
  }
}
