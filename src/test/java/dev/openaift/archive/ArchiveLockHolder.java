package dev.openaift.archive;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A second process for {@link ArchiveLockTest}: takes the lock of the archive {@code args[0]} as
 * "{@code args[1]}", prints {@code locked}, and holds it until a line (or the end) comes on stdin.
 */
public final class ArchiveLockHolder {
  private ArchiveLockHolder() {}

  public static void main(String[] args) throws Exception {
    Archive archive = new Archive(Path.of(args[0]));
    try (Archive.Lock held = archive.lock(args[1])) {
      System.out.println("locked");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
    System.out.println("released");
    System.out.flush();
  }
}
