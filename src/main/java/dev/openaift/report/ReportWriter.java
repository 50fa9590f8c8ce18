package dev.openaift.report;

import java.io.IOException;
import java.util.Map;

/**
 * Sends rendered report files to an output, {@code index.html} last so it only appears complete.
 */
public final class ReportWriter {
  private ReportWriter() {}

  public static void write(Map<String, byte[]> files, ReportOutput output) throws IOException {
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      if (!e.getKey().equals(ReportRenderer.HTML_FILE)) {
        output.write(e.getKey(), e.getValue());
      }
    }
    byte[] html = files.get(ReportRenderer.HTML_FILE);
    if (html != null) {
      output.write(ReportRenderer.HTML_FILE, html);
    }
  }
}
