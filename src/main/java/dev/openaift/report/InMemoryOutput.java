package dev.openaift.report;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** Keeps written files in memory (for tests). */
public final class InMemoryOutput implements ReportOutput {
  private final SortedMap<String, byte[]> files = new TreeMap<>();

  @Override
  public void write(String path, byte[] content) {
    files.put(path, content.clone());
  }

  /** The content written at that path, or null. */
  public byte[] get(String path) {
    byte[] b = files.get(path);
    return b == null ? null : b.clone();
  }

  /** Every written file, sorted by path. */
  public SortedMap<String, byte[]> files() {
    return Collections.unmodifiableSortedMap(files);
  }
}
