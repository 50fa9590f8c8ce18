package dev.openaift.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String EMPTY =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @TempDir Path dir;

  @Test
  void bytesAndFilesGiveTheStandardHexDigest() throws IOException {
    assertEquals(ABC, Sha256.hex("abc".getBytes(StandardCharsets.UTF_8)));
    assertEquals(EMPTY, Sha256.hex(new byte[0]));
    Path f = dir.resolve("f.txt");
    Files.writeString(f, "abcdef");
    assertEquals(ABC, Sha256.of(f, 3), "the first 3 bytes");
    assertEquals(Sha256.hex("abcdef".getBytes(StandardCharsets.UTF_8)), Sha256.of(f));
    assertEquals(Sha256.of(f), Sha256.of(f, 1_000), "a limit past the end");
    assertEquals(EMPTY, Sha256.of(f, 0));
  }

  @Test
  void aFileLargerThanOneBlockIsHashedWhole() throws IOException {
    byte[] big = new byte[(1 << 16) * 3 + 5];
    new java.util.Random(3).nextBytes(big);
    Path f = dir.resolve("big.bin");
    Files.write(f, big);
    assertEquals(Sha256.hex(big), Sha256.of(f));
    assertThrows(IOException.class, () -> Sha256.of(dir.resolve("missing")));
  }
}
