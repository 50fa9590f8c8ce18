package dev.openaift.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.Charset;

/**
 * Where a command reads what the user types (a confirmation), injectable for tests. The real one
 * reads standard input, opened on first use.
 */
@FunctionalInterface
public interface UserInput {
  BufferedReader reader();

  /** Standard input in the console's charset; one reader shared by every question of a run. */
  static UserInput system() {
    return new UserInput() {
      private BufferedReader reader;

      @Override
      public synchronized BufferedReader reader() {
        if (reader == null) {
          reader = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
        }
        return reader;
      }
    };
  }

  /** Answers from {@code text}, one line per question (tests). */
  static UserInput of(String text) {
    BufferedReader r = new BufferedReader(new StringReader(text));
    return () -> r;
  }
}
