package dev.openaift.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A minimal {@code multipart/form-data} reader: each part's name, optional filename and bytes. */
final class Multipart {
  record Part(String name, String filename, byte[] content) {}

  private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))");
  private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
  private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

  private Multipart() {}

  /** The parts by name; a body that is not multipart or is malformed is a 400. */
  static Map<String, Part> parse(String contentType, byte[] body) {
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw ApiError.badRequest(
          null, null, "Expected a multipart/form-data body for a file upload.");
    }
    Matcher m = BOUNDARY.matcher(contentType);
    if (!m.find()) {
      throw ApiError.badRequest(null, null, "The multipart body has no boundary.");
    }
    String boundary = m.group(1) != null ? m.group(1) : m.group(2);
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    Map<String, Part> parts = new LinkedHashMap<>();
    int pos = indexOf(body, delimiter, 0);
    if (pos < 0) {
      throw ApiError.badRequest(null, null, "The multipart body is malformed.");
    }
    while (true) {
      int start = pos + delimiter.length;
      if (start + 2 <= body.length && body[start] == '-' && body[start + 1] == '-') {
        break;
      }
      start = skipCrlf(body, start);
      int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
      if (headerEnd < 0) {
        throw ApiError.badRequest(null, null, "The multipart body is malformed.");
      }
      String headers = new String(body, start, headerEnd - start, StandardCharsets.UTF_8);
      int contentStart = headerEnd + 4;
      int next = indexOf(body, delimiter, contentStart);
      if (next < 0) {
        throw ApiError.badRequest(null, null, "The multipart body is malformed.");
      }
      int contentEnd = next;
      if (contentEnd >= 2 && body[contentEnd - 2] == '\r' && body[contentEnd - 1] == '\n') {
        contentEnd -= 2;
      }
      Matcher name = NAME.matcher(headers);
      if (name.find()) {
        Matcher fn = FILENAME.matcher(headers);
        parts.put(
            name.group(1),
            new Part(
                name.group(1),
                fn.find() ? fn.group(1) : null,
                Arrays.copyOfRange(body, contentStart, contentEnd)));
      }
      pos = next;
    }
    return parts;
  }

  private static int skipCrlf(byte[] b, int i) {
    return i + 1 < b.length && b[i] == '\r' && b[i + 1] == '\n' ? i + 2 : i;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
