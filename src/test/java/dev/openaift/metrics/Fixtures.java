package dev.openaift.metrics;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Paths of the test fixtures under {@code src/test/resources/fixtures}. */
final class Fixtures {
  private Fixtures() {}

  static Path path(String relative) {
    try {
      return Path.of(Fixtures.class.getResource("/fixtures/" + relative).toURI());
    } catch (URISyntaxException | NullPointerException ex) {
      throw new IllegalArgumentException("no fixture " + relative, ex);
    }
  }

  /** The fixture's source folder (for rewriting golden files), found from the working directory. */
  static Path sourcePath(String relative) {
    return Path.of("src/test/resources/fixtures").resolve(relative);
  }
}
