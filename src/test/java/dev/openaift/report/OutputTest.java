package dev.openaift.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputTest {

  private static List<String> tree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  @Test
  void directoryOutputWritesFilesAndFoldersAndLeavesNoTempFiles(@TempDir Path dir)
      throws IOException {
    Path out = dir.resolve("reports/job");
    Map<String, byte[]> files = new TreeMap<>();
    files.put("index.html", "<p>new</p>".getBytes(StandardCharsets.UTF_8));
    files.put("figures/loss.png", new byte[] {1, 2, 3});
    ReportWriter.write(files, new DirectoryOutput(out));
    assertEquals(List.of("figures/loss.png", "index.html"), tree(out));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(out.resolve("figures/loss.png")));
  }

  @Test
  void directoryOutputReplacesExistingFiles(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("index.html"), "old and much longer content than the new one");
    new DirectoryOutput(dir).write("index.html", "new".getBytes(StandardCharsets.UTF_8));
    assertEquals("new", Files.readString(dir.resolve("index.html")));
    assertEquals(List.of("index.html"), tree(dir));
  }

  @Test
  void directoryOutputRefusesPathsOutsideItsFolder(@TempDir Path dir) {
    DirectoryOutput out = new DirectoryOutput(dir.resolve("r"));
    for (String bad : List.of("../x.html", "/etc/x", "a/../../x", "", "a\\b")) {
      assertThrows(IllegalArgumentException.class, () -> out.write(bad, new byte[0]), bad);
    }
  }

  @Test
  void aFailedWriteLeavesNoTempFile(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("index.html/inner"));
    DirectoryOutput out = new DirectoryOutput(dir);
    assertThrows(IOException.class, () -> out.write("index.html", new byte[] {1}));
    assertEquals(List.of(), tree(dir), "the non-empty directory stays, no temp file is left");
  }

  @Test
  void aStagedSetThatFailsHalfWayThroughTheSwapPutsTheOldFilesBack(@TempDir Path dir)
      throws IOException {
    Files.writeString(dir.resolve("a.txt"), "old a");
    Files.writeString(dir.resolve("b"), "a file where the set needs a folder");
    Files.writeString(dir.resolve("job.json"), "input");
    try (StagedOutput out = new StagedOutput(dir)) {
      out.write("a.txt", "new a".getBytes(StandardCharsets.UTF_8));
      out.write("c.txt", "new c".getBytes(StandardCharsets.UTF_8));
      out.write("b/x.txt", new byte[] {1});
      assertEquals(
          "old a", Files.readString(dir.resolve("a.txt")), "nothing moves before the commit");
      assertThrows(IOException.class, out::commit, "b/x.txt cannot go where the file b is");
    }
    assertEquals("old a", Files.readString(dir.resolve("a.txt")));
    assertEquals(
        List.of("a.txt", "b", "job.json"),
        tree(dir),
        "c.txt removed again, no staging folder left");
  }

  @Test
  void writerSendsIndexHtmlLast() throws IOException {
    List<String> order = new ArrayList<>();
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("index.html", new byte[0]);
    files.put("report.ipynb", new byte[0]);
    files.put("figures/a.png", new byte[0]);
    ReportWriter.write(files, (path, content) -> order.add(path));
    assertEquals(List.of("report.ipynb", "figures/a.png", "index.html"), order);
  }

  @Test
  void inMemoryOutputKeepsCopies() {
    InMemoryOutput out = new InMemoryOutput();
    byte[] data = {1, 2};
    out.write("a.txt", data);
    data[0] = 9;
    assertArrayEquals(new byte[] {1, 2}, out.get("a.txt"));
    assertEquals(List.of("a.txt"), List.copyOf(out.files().keySet()));
  }
}
