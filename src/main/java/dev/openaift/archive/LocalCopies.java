package dev.openaift.archive;

import dev.openaift.io.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds the local copy of a file whose content the API will not serve ({@code backup --data DIR}).
 * The API tells a file's size and name but no checksum, so a copy is a file under the folder with
 * exactly that byte size; when files of that size differ (by sha256), only those with the same name
 * count, and when they still differ none is taken: a wrong file would be worse than none.
 */
final class LocalCopies {
  private LocalCopies() {}

  /**
   * The file found, or null with the reason none was.
   *
   * @param why when found: its sha256; else why nothing was taken
   */
  record Match(Path file, String why) {}

  static Match find(Path dir, long size, String filename) {
    if (size < 0) {
      return new Match(null, "the API gave no size to find a local copy by");
    }
    List<Path> sameSize = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
        if (Files.size(p) == size) {
          sameSize.add(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search " + dir + ": " + e.getMessage(), e);
    }
    if (sameSize.isEmpty()) {
      return new Match(null, "no file of " + size + " bytes under " + dir);
    }
    Match one = unique(sameSize);
    if (one != null) {
      return one;
    }
    String base =
        filename == null ? null : Path.of(filename.replace('\\', '/')).getFileName().toString();
    List<Path> named =
        sameSize.stream().filter(p -> p.getFileName().toString().equals(base)).toList();
    Match byName = named.isEmpty() ? null : unique(named);
    if (byName != null) {
      return byName;
    }
    return new Match(
        null,
        sameSize.size()
            + " different files of "
            + size
            + " bytes under "
            + dir
            + (named.isEmpty() ? " and none named " + base : ", also among those named " + base)
            + ": none taken");
  }

  /** The first file when all have the same sha256, else null. */
  private static Match unique(List<Path> files) {
    Map<String, Path> bySha = new TreeMap<>();
    for (Path p : files) {
      try {
        bySha.putIfAbsent(Sha256.of(p), p);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
      }
    }
    if (bySha.size() != 1) {
      return null;
    }
    Map.Entry<String, Path> e = bySha.entrySet().iterator().next();
    return new Match(files.get(0), "same size, sha256 " + e.getKey());
  }
}
