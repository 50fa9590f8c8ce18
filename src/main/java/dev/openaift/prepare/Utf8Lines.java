package dev.openaift.prepare;

import dev.openaift.io.InputFileException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Reads a stream line by line, decoding each line on its own as strict UTF-8, so that a bad byte is
 * reported on the line it is on (a {@link java.io.BufferedReader} decodes ahead of the line it
 * returns). Lines end at {@code \n}; a {@code \r} before it is dropped.
 */
public final class Utf8Lines implements Closeable {
  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buffer = new byte[1 << 16];
  private int pos;
  private int limit;
  private byte[] line = new byte[1024];

  public Utf8Lines(InputStream in) {
    this.in = in;
  }

  /** Receives the lines of a file. */
  @FunctionalInterface
  public interface Handler {
    /** One line without its end; {@code lineNo} counts from 1. */
    void line(long lineNo, String line);
  }

  /**
   * Reads every line of a JSON-lines file in order (a BOM at the start dropped), the one way data
   * files are read, with the problems of reading turned into {@link InputFileException}s naming the
   * file (and the line, for bad UTF-8).
   *
   * @param wrap wraps the opened stream (e.g. to digest the bytes as they are read); identity for
   *     none
   * @return the number of lines
   */
  public static long forEach(Path file, UnaryOperator<InputStream> wrap, Handler handler) {
    long lineNo = 0;
    try (Utf8Lines reader = new Utf8Lines(wrap.apply(Files.newInputStream(file)))) {
      while (true) {
        String line;
        try {
          line = reader.next();
        } catch (CharacterCodingException e) {
          throw new InputFileException(file, lineNo + 1, 0, "not UTF-8 text", e);
        }
        if (line == null) {
          return lineNo;
        }
        lineNo++;
        if (lineNo == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        handler.line(lineNo, line);
      }
    } catch (IOException e) {
      throw cannotRead(file, e);
    }
  }

  /** A failed read of {@code file} in our words: no such file, permission denied, or the reason. */
  static InputFileException cannotRead(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new InputFileException(file, "no such file");
    }
    if (e instanceof AccessDeniedException) {
      return new InputFileException(file, "permission denied");
    }
    return new InputFileException(file, "cannot read: " + e.getMessage(), e);
  }

  /**
   * The next line without its end, or null at the end of the stream.
   *
   * @throws CharacterCodingException when the line is not valid UTF-8
   */
  public String next() throws IOException {
    int length = 0;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        limit = in.read(buffer, 0, buffer.length);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          return any ? decode(length) : null;
        }
      }
      any = true;
      int start = pos;
      while (pos < limit && buffer[pos] != '\n') {
        pos++;
      }
      int chunk = pos - start;
      if (length + chunk > line.length) {
        line = Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
      }
      System.arraycopy(buffer, start, line, length, chunk);
      length += chunk;
      if (pos < limit) {
        pos++; // the '\n'
        return decode(length);
      }
    }
  }

  private String decode(int length) throws CharacterCodingException {
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    return decoder.decode(ByteBuffer.wrap(line, 0, length)).toString();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
