package dev.openaift.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.AtomicFiles;
import dev.openaift.io.Json;
import dev.openaift.job.JobIds;
import dev.openaift.metrics.Sparkline;
import dev.openaift.report.ArchiveIndexRenderer;
import dev.openaift.report.ReportService;
import dev.openaift.retirement.Shutdown;
import dev.openaift.retirement.Shutdowns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds the archive's front page, {@code <archive>/index.html}: one row per job folder that
 * holds a report ({@code summary.json}), read from that summary alone (no re-analysis, no {@code
 * metrics.csv}: the sparkline of the smoothed training loss is kept in the summary; only a summary
 * written before it was, without {@code sparkline}, has its curve read from {@code metrics.csv}).
 * Written atomically (temporary file, then rename), so two runs at once never leave a broken page:
 * the last one wins. Only {@link Archive#rebuildIndex} calls it, with the archive's lock held and
 * its dates, so the page is the same whichever command rebuilds it.
 */
public final class ArchiveIndex {
  /** At most this many points are drawn in a sparkline. */
  public static final int SPARK_POINTS = Sparkline.POINTS;

  private static final ObjectMapper JSON = Json.mapper();
  private static final String SMOOTHED_COLUMN = "train_loss_smoothed";

  private ArchiveIndex() {}

  /**
   * Rebuilds {@code index.html} without dates; returns its path. Folders whose summary cannot be
   * read are left out. Commands go through {@link Archive#rebuildIndex} (its lock, its dates).
   */
  static Path rebuild(Archive archive, Path templatesDir, ZoneId zone) {
    return rebuild(archive, templatesDir, zone, null);
  }

  /**
   * Rebuilds {@code index.html} with a days-left column: each job's fine-tuned model's shutdown by
   * {@code shutdowns} (its injected clock and dates; null leaves the column empty).
   */
  static Path rebuild(Archive archive, Path templatesDir, ZoneId zone, Shutdowns shutdowns) {
    List<ArchiveIndexRenderer.Entry> entries = entries(archive.root(), shutdowns);
    byte[] page =
        ArchiveIndexRenderer.render(
            entries,
            evaluations(archive.root()),
            Comparisons.inArchive(archive.root()),
            templatesDir,
            zone);
    try {
      AtomicFiles.write(archive.indexFile(), page);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write " + archive.indexFile() + ": " + e.getMessage(), e);
    }
    return archive.indexFile();
  }

  /** One entry per job folder with a readable {@code summary.json}, in folder-name order. */
  static List<ArchiveIndexRenderer.Entry> entries(Path root) {
    return entries(root, null);
  }

  static List<ArchiveIndexRenderer.Entry> entries(Path root, Shutdowns shutdowns) {
    List<Path> folders = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
        for (Path p : ds) {
          if (Files.isDirectory(p)
              && JobIds.isSafe(p.getFileName().toString())
              && Files.isRegularFile(p.resolve(ReportService.SUMMARY_FILE))) {
            folders.add(p);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
      }
    }
    folders.sort(null);
    List<ArchiveIndexRenderer.Entry> entries = new ArrayList<>();
    for (Path folder : folders) {
      ArchiveIndexRenderer.Entry e = entry(folder, shutdowns);
      if (e != null) {
        entries.add(e);
      }
    }
    return entries;
  }

  private static ArchiveIndexRenderer.Entry entry(Path folder, Shutdowns shutdowns) {
    JsonNode s;
    try {
      s = JSON.readTree(folder.resolve(ReportService.SUMMARY_FILE).toFile());
    } catch (IOException unreadable) {
      return null;
    }
    if (s == null || !s.isObject()) {
      return null;
    }
    JsonNode metrics = s.path("metrics");
    String fineTuned = Json.text(s.path("fine_tuned_model"));
    Shutdown shutdown =
        shutdowns == null || fineTuned == null
            ? null
            : Archive.shutdownsOf(folder, shutdowns).of(fineTuned);
    return new ArchiveIndexRenderer.Entry(
        folder.getFileName().toString(),
        Json.text(s.path("status")),
        Json.text(s.path("model")),
        Json.text(s.path("fine_tuned_model")),
        Json.number(s.path("timestamps").path("created")) == null
            ? null
            : Json.number(s.path("timestamps").path("created")).longValue(),
        s.path("steps").asLong(0),
        Json.number(metrics.path("train_loss").path("last")),
        Json.number(metrics.path("full_valid_loss").path("min")),
        cachedSparkline(s).orElseGet(() -> sparkline(folder.resolve(ReportService.METRICS_FILE))),
        shutdown == null ? null : shutdown.date(),
        shutdown == null ? null : shutdown.daysLeft(),
        source(folder));
  }

  /** The folder's {@code source.json} as the index shows it ({@code azure · host}), or null. */
  private static String source(Path folder) {
    JobSource source = JobSource.read(folder);
    return source == null ? null : source.label();
  }

  /**
   * The evaluations in the archive: {@code <job>/evals/<name>/eval.json} (attached to a job) and
   * {@code evals/<name>/eval.json}, newest first; unreadable ones are left out.
   */
  static List<ArchiveIndexRenderer.Evaluation> evaluations(Path root) {
    List<Path> found = new ArrayList<>();
    try {
      if (Files.isDirectory(root)) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
          for (Path p : ds) {
            Path evals = p.getFileName().toString().equals("evals") ? p : p.resolve("evals");
            if (Files.isDirectory(evals)) {
              try (DirectoryStream<Path> inner = Files.newDirectoryStream(evals)) {
                for (Path e : inner) {
                  if (Files.isRegularFile(e.resolve("eval.json"))
                      && Files.isRegularFile(e.resolve("eval.html"))) {
                    found.add(e);
                  }
                }
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
    }
    List<String[]> rows = new ArrayList<>();
    for (Path e : found) {
      JsonNode n;
      try {
        n = JSON.readTree(e.resolve("eval.json").toFile());
      } catch (IOException unreadable) {
        continue;
      }
      Path rel = root.relativize(e);
      String job = rel.getNameCount() == 3 ? rel.getName(0).toString() : "";
      List<String> models = new ArrayList<>();
      n.path("model_order").forEach(m -> models.add(m.asText()));
      rows.add(
          new String[] {
            n.path("created_at").asText(""),
            rel.toString().replace('\\', '/') + "/eval.html",
            job,
            n.path("data_file").asText(""),
            String.join(", ", models),
            n.path("against").asText("")
          });
    }
    rows.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : b[0].compareTo(a[0]));
    List<ArchiveIndexRenderer.Evaluation> out = new ArrayList<>();
    for (String[] r : rows) {
      out.add(new ArchiveIndexRenderer.Evaluation(r[1], r[2], r[3], r[4], r[5], r[0]));
    }
    return out;
  }

  /** The sparkline kept in the summary, when it has one. */
  static java.util.Optional<double[]> cachedSparkline(JsonNode summary) {
    JsonNode values = summary.path("sparkline").path("values");
    if (!values.isArray()) {
      return java.util.Optional.empty();
    }
    double[] out = new double[values.size()];
    int n = 0;
    for (JsonNode v : values) {
      if (v.isNumber() && Double.isFinite(v.asDouble())) {
        out[n++] = v.asDouble();
      }
    }
    return java.util.Optional.of(Sparkline.evenly(out, n, SPARK_POINTS));
  }

  /**
   * The smoothed training loss of {@code metrics.csv}, downsampled to at most {@link
   * #SPARK_POINTS}: for summaries written before they kept their sparkline.
   */
  static double[] sparkline(Path metricsCsv) {
    if (!Files.isRegularFile(metricsCsv)) {
      return new double[0];
    }
    double[] values = new double[1024];
    int n = 0;
    try (BufferedReader r = Files.newBufferedReader(metricsCsv, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null) {
        return new double[0];
      }
      int column = List.of(header.split(",", -1)).indexOf(SMOOTHED_COLUMN);
      if (column < 0) {
        return new double[0];
      }
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String cell = cell(line, column);
        if (cell.isEmpty()) {
          continue;
        }
        try {
          double v = Double.parseDouble(cell);
          if (Double.isFinite(v)) {
            if (n == values.length) {
              values = java.util.Arrays.copyOf(values, n * 2);
            }
            values[n++] = v;
          }
        } catch (NumberFormatException skip) {
          // not a number: left out of the sparkline
        }
      }
    } catch (IOException | UncheckedIOException unreadable) {
      return new double[0];
    }
    return Sparkline.evenly(values, n, SPARK_POINTS);
  }

  private static String cell(String line, int column) {
    int start = 0;
    for (int i = 0; i < column; i++) {
      start = line.indexOf(',', start);
      if (start < 0) {
        return "";
      }
      start++;
    }
    int end = line.indexOf(',', start);
    return (end < 0 ? line.substring(start) : line.substring(start, end)).strip();
  }
}
