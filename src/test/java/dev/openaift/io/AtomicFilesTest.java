package dev.openaift.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("sub"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void createsReplacesAndLeavesNoTempFiles() throws IOException {
    Path f = dir.resolve("sub/a.txt");
    AtomicFiles.write(f, "one".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(
        f,
        out -> {
          out.write("two".getBytes(StandardCharsets.UTF_8));
          out.close(); // writers like Jackson close what they are given
        });
    assertEquals("two", Files.readString(f));
    assertEquals(List.of("a.txt"), names());
  }

  @Test
  void copyReplacesTheTargetWithEveryByteOfTheSource() throws IOException {
    // larger than one transfer of some kernels, with every byte value
    byte[] big = new byte[3 * (1 << 20) + 17];
    new java.util.Random(5).nextBytes(big);
    Path src = dir.resolve("source.bin");
    Files.write(src, big);
    Path f = dir.resolve("sub/copy.bin");
    AtomicFiles.write(f, "old".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.copy(src, f);
    assertArrayEquals(big, Files.readAllBytes(f));
    assertEquals(List.of("copy.bin"), names());
    Path empty = dir.resolve("empty.bin");
    Files.write(empty, new byte[0]);
    AtomicFiles.copy(empty, f);
    assertEquals(0, Files.size(f));
  }

  @Test
  void aCopyOfAMissingSourceLeavesTheTargetAndNoTempFile() throws IOException {
    Path f = dir.resolve("sub/copy.bin");
    AtomicFiles.write(f, "old".getBytes(StandardCharsets.UTF_8));
    assertThrows(IOException.class, () -> AtomicFiles.copy(dir.resolve("gone.bin"), f));
    assertEquals("old", Files.readString(f));
    assertEquals(List.of("copy.bin"), names());
  }

  @Test
  void failedWriteKeepsTheOldFile() throws IOException {
    Path f = dir.resolve("sub/a.txt");
    AtomicFiles.write(f, "old".getBytes(StandardCharsets.UTF_8));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    f,
                    out -> {
                      out.write("half".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("disk full");
                    }));
    assertEquals("disk full", e.getMessage());
    assertEquals("old", Files.readString(f));
    assertEquals(List.of("a.txt"), names());
  }

  @Test
  void fileIsReadableByOthersLikeAnOrdinaryFile() throws IOException {
    Path f = dir.resolve("sub/a.txt");
    AtomicFiles.write(f, new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
    if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      // the same mode as a file created the ordinary way (the umask applies), not createTempFile's
      // 0600
      Path plain = Files.write(dir.resolve("sub/plain.txt"), new byte[] {1});
      assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f));
    }
  }

  @Test
  void replacingAPrivateFileKeepsItPrivate() throws IOException {
    Path f = dir.resolve("train.jsonl");
    Files.write(f, new byte[] {1});
    if (!f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    // e.g. a training file the user made owner-only, downloaded again over itself
    java.util.Set<java.nio.file.attribute.PosixFilePermission> ownerOnly =
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
    Files.setPosixFilePermissions(f, ownerOnly);
    AtomicFiles.write(f, new byte[] {2});
    assertArrayEquals(new byte[] {2}, Files.readAllBytes(f));
    assertEquals(
        ownerOnly, Files.getPosixFilePermissions(f), "not world-readable after the replacement");
  }
}
