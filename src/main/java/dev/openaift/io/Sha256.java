package dev.openaift.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 in lower-case hex: of bytes, of a file (read in 64 KB blocks, never whole), or a digest
 * to feed. The one place that names the algorithm; each caller words its own read errors.
 */
public final class Sha256 {
  private Sha256() {}

  /** A new digest to feed. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  /** The hash of {@code bytes}. */
  public static String hex(byte[] bytes) {
    return hexOf(newDigest().digest(bytes));
  }

  /** {@code hash} (a finished digest) in lower-case hex. */
  public static String hexOf(byte[] hash) {
    return HexFormat.of().formatHex(hash);
  }

  /** The hash of a file's bytes. */
  public static String of(Path file) throws IOException {
    return of(file, Long.MAX_VALUE);
  }

  /** The hash of the first {@code limit} bytes of a file (all of it when shorter). */
  public static String of(Path file, long limit) throws IOException {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[1 << 16];
    long left = limit;
    try (InputStream in = Files.newInputStream(file)) {
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          break;
        }
        digest.update(buffer, 0, n);
        left -= n;
      }
    }
    return hexOf(digest.digest());
  }
}
