package dev.openaift.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.api.Provider;
import dev.openaift.io.AtomicFiles;
import dev.openaift.io.InputFileException;
import dev.openaift.io.Json;
import dev.openaift.io.Sha256;
import dev.openaift.job.Job;
import dev.openaift.job.JobFiles;
import dev.openaift.job.JobIds;
import dev.openaift.metrics.AnalysisOptions;
import dev.openaift.metrics.Analyzer;
import dev.openaift.metrics.JobAnalysis;
import dev.openaift.metrics.JobInputs;
import dev.openaift.metrics.TrainerState;
import dev.openaift.models.ModelCatalog;
import dev.openaift.models.ModelMatch;
import dev.openaift.models.TrainingEstimate;
import dev.openaift.report.AttachedEvaluations;
import dev.openaift.report.CompareRenderer;
import dev.openaift.report.Comparison;
import dev.openaift.report.ReportOptions;
import dev.openaift.report.ReportService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Comparisons of archived jobs ({@code openai-ft compare}): which folders a filter selects, where a
 * comparison goes ({@code <archive>/compare-<short hash of the ids>/}), and loading each job's
 * folder (analysis, data-file hashes, evaluations, cost, provider, training tier) before {@link
 * CompareRenderer} draws them.
 */
public final class Comparisons {
  /** Folder names of comparisons start with this. */
  public static final String PREFIX = "compare-";

  private static final ObjectMapper JSON = Json.mapper();

  /**
   * Evaluation results are read from files of the job's folder whose names start with one of these.
   */
  private static final List<String> EVALUATION_FILES = List.of("eval", "evaluation");

  private static final int MAX_EVALUATION_VALUES = 40;

  /** The {@code format} of the files {@code openai-ft eval} writes ({@code eval.json}). */
  private static final String EVAL_FORMAT = "openai-ft.eval";

  private Comparisons() {}

  /**
   * A filter over the archive's jobs; null parts match everything.
   *
   * @param suffix the job's suffix, exactly
   * @param model the base model or the fine-tuned model, or a prefix of either ({@code
   *     gpt-4o-mini})
   * @param since created on or after this day, in the given zone
   */
  public record Filter(String suffix, String model, LocalDate since) {
    public boolean isEmpty() {
      return suffix == null && model == null && since == null;
    }

    boolean matches(Job job, ZoneId zone) {
      if (suffix != null && !suffix.equals(job.suffix())) {
        return false;
      }
      if (model != null
          && !(startsWith(job.model(), model) || startsWith(job.fineTunedModel(), model))) {
        return false;
      }
      return since == null
          || (job.createdAt() != null
              && job.createdAt() >= since.atStartOfDay(zone).toEpochSecond());
    }

    private static boolean startsWith(String s, String prefix) {
      return s != null && s.startsWith(prefix);
    }
  }

  /** The archive's job folders whose {@code job.json} matches, oldest job first (then by id). */
  public static List<Path> matching(Archive archive, Filter filter, ZoneId zone) {
    List<Job> jobs = new ArrayList<>();
    Map<String, Path> folders = new TreeMap<>();
    if (Files.isDirectory(archive.root())) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(archive.root())) {
        for (Path p : ds) {
          String name = p.getFileName().toString();
          Path file = p.resolve(JobInputs.JOB);
          if (!name.startsWith(PREFIX) && JobIds.isSafe(name) && Files.isRegularFile(file)) {
            try {
              Job job = JobFiles.readJob(file);
              if (filter.matches(job, zone)) {
                jobs.add(job);
                folders.put(job.id() == null ? name : job.id(), p);
              }
            } catch (InputFileException unreadable) {
              // a folder whose job.json cannot be read is not a job to compare
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + archive.root() + ": " + e.getMessage(), e);
      }
    }
    jobs.sort(
        java.util.Comparator.comparing(
                (Job j) -> j.createdAt() == null ? Long.MIN_VALUE : j.createdAt())
            .thenComparing(j -> String.valueOf(j.id())));
    List<Path> out = new ArrayList<>();
    for (Job j : jobs) {
      Path p = folders.get(j.id());
      if (p != null && !out.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /** {@code <archive>/compare-<first 10 hex digits of the sha256 of the sorted ids>}. */
  public static Path folderFor(Archive archive, List<String> ids) {
    List<String> sorted = new ArrayList<>(ids);
    sorted.sort(null);
    String hash = Sha256.hex(String.join("\n", sorted).getBytes(StandardCharsets.UTF_8));
    return archive.root().resolve(PREFIX + hash.substring(0, 10));
  }

  /**
   * Reads and analyses each job folder. A folder without its report's {@code metrics.csv} gets its
   * report first (as {@code openai-ft report DIR} would), so the comparison's notebook can read it.
   *
   * @param outDir where the comparison goes (for the notebook's relative paths)
   */
  public static Comparison load(
      List<Path> folders,
      Comparison.Axis axis,
      AnalysisOptions analysis,
      ReportOptions jobReports,
      Path outDir) {
    List<Comparison.Member> members = new ArrayList<>();
    ModelCatalog catalog = ModelCatalog.builtIn();
    for (Path folder : folders) {
      // a Trainer run's archived folder holds its state, not a job's result file or events
      boolean trainerRun = TrainerState.isRun(folder);
      JobAnalysis a =
          trainerRun
              ? Analyzer.analyze(TrainerState.read(folder).data(), analysis)
              : Analyzer.analyze(JobInputs.fromDirectory(folder), analysis);
      axis.scale(a); // fails early, naming the job, when the axis cannot be drawn for it
      if (!Files.isRegularFile(folder.resolve(ReportService.METRICS_FILE))) {
        ReportService.write(a, jobReports, folder);
      }
      Path csv = folder.resolve(ReportService.METRICS_FILE).toAbsolutePath().normalize();
      Path base = outDir.toAbsolutePath().normalize();
      String csvPath =
          csv.getRoot().equals(base.getRoot())
              ? base.relativize(csv).toString().replace('\\', '/')
              : csv.toString();
      JobSource source = JobSource.read(folder);
      members.add(
          new Comparison.Member(
              a.jobId(),
              csvPath,
              a,
              dataFiles(a.job(), folder),
              evaluation(folder),
              cost(a.job(), catalog, source),
              // a job folder without source.json is OpenAI's (JobSource.openAi), its host unknown:
              // one row for each, so that an older folder does not differ in provider from a
              // new one of the same provider
              source != null
                  ? source.provider()
                  : trainerRun ? JobSource.TRAINER : Provider.OPENAI.id(),
              source == null ? null : source.endpointHost(),
              RetrainOrigin.trainingType(folder)));
    }
    return new Comparison(members, axis, analysis.smoothingWeight());
  }

  /** Renders and writes the comparison into {@code outDir}; returns its page (or first file). */
  public static Path write(Comparison c, ReportOptions options, Path outDir) {
    SortedMap<String, byte[]> files = CompareRenderer.render(c, options);
    try {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        if (!e.getKey().equals("index.html")) {
          AtomicFiles.write(outDir.resolve(e.getKey()), e.getValue());
        }
      }
      if (files.containsKey("index.html")) {
        AtomicFiles.write(outDir.resolve("index.html"), files.get("index.html"));
        return outDir.resolve("index.html");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the comparison to " + outDir + ": " + e.getMessage(), e);
    }
    return outDir.resolve(files.firstKey());
  }

  /**
   * "training file" / "validation file" -> id, with the sha256 of a copy in the folder when there
   * is one.
   */
  static Map<String, String> dataFiles(Job job, Path folder) {
    Map<String, String> out = new TreeMap<>();
    if (job == null) {
      return out;
    }
    put(out, "training file", job.trainingFile(), folder);
    put(out, "validation file", job.validationFile(), folder);
    return out;
  }

  private static void put(Map<String, String> out, String label, String fileId, Path folder) {
    if (fileId == null || fileId.isBlank()) {
      return;
    }
    Path copy = copyOf(fileId, folder);
    out.put(
        label,
        copy == null ? fileId : fileId + dev.openaift.report.CompareRenderer.HASHED + sha256(copy));
  }

  /**
   * The archived copy of a data file, or null: the content {@code openai-ft backup} keeps in {@code
   * <archive>/files/<file-id>/} (beside its {@code file.json}), else a file of the job's folder (or
   * its files/ or data/ sub-folder) named after the file id.
   */
  private static Path copyOf(String fileId, Path folder) {
    Path backedUp =
        folder.toAbsolutePath().getParent() == null
            ? null
            : folder.toAbsolutePath().getParent().resolve(Backup.FILES_DIR).resolve(fileId);
    if (backedUp != null && Files.isDirectory(backedUp) && JobIds.isSafe(fileId)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(backedUp)) {
        for (Path p : ds) {
          if (Files.isRegularFile(p) && !p.getFileName().toString().equals(Backup.FILE_META)) {
            return p;
          }
        }
      } catch (IOException unreadable) {
        return null;
      }
    }
    for (Path dir : List.of(folder, folder.resolve("files"), folder.resolve("data"))) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, fileId + "*")) {
        for (Path p : ds) {
          if (Files.isRegularFile(p)) {
            return p;
          }
        }
      } catch (IOException unreadable) {
        return null;
      }
    }
    return null;
  }

  static String sha256(Path file) {
    try {
      return Sha256.of(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Evaluation results kept in the job's folder: each {@code eval*.json} / {@code evaluation*.json}
   * file, its numbers, strings and booleans up to two levels deep as {@code file: key.sub ->
   * value}. Unreadable files are skipped: a comparison does not fail on them.
   */
  static Map<String, String> evaluation(Path folder) {
    Map<String, String> out = new TreeMap<>();
    // what `openai-ft eval --job` attaches: <job>/evals/<name>/eval.json
    Path evals = folder.resolve(AttachedEvaluations.EVALS_DIR);
    if (Files.isDirectory(evals)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(evals)) {
        for (Path dir : ds) {
          Path file = dir.resolve("eval.json");
          if (!Files.isRegularFile(file)) {
            continue;
          }
          try {
            JsonNode n = JSON.readTree(file.toFile());
            if (EVAL_FORMAT.equals(n.path("format").asText(null))) {
              evalScores(out, AttachedEvaluations.EVALS_DIR + "/" + dir.getFileName() + ":", n);
            }
          } catch (IOException unreadable) {
            // not JSON: not shown
          }
        }
      } catch (IOException unreadable) {
        // an unreadable folder: not shown
      }
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "*.json")) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (EVALUATION_FILES.stream().noneMatch(name::startsWith) || !Files.isRegularFile(p)) {
          continue;
        }
        try {
          JsonNode n = JSON.readTree(p.toFile());
          String prefix = name.substring(0, name.length() - ".json".length()) + ":";
          if (EVAL_FORMAT.equals(n.path("format").asText(null))) {
            evalScores(out, prefix, n);
          } else {
            flatten(out, prefix, n, 0);
          }
        } catch (IOException unreadable) {
          // not JSON: not shown
        }
      }
    } catch (IOException unreadable) {
      return out;
    }
    return out;
  }

  /**
   * An {@code openai-ft eval} result: each model's mean of each metric, and the examples scored.
   */
  private static void evalScores(Map<String, String> out, String prefix, JsonNode n) {
    if (n.path("examples").isNumber()) {
      out.put(prefix + " examples", n.path("examples").asText());
    }
    for (Iterator<Map.Entry<String, JsonNode>> models = n.path("models").fields();
        models.hasNext(); ) {
      Map.Entry<String, JsonNode> model = models.next();
      for (Iterator<Map.Entry<String, JsonNode>> metrics =
              model.getValue().path("metrics").fields();
          metrics.hasNext(); ) {
        Map.Entry<String, JsonNode> metric = metrics.next();
        JsonNode mean = metric.getValue().path("mean");
        if (mean.isNumber() && out.size() < MAX_EVALUATION_VALUES) {
          out.put(prefix + " " + model.getKey() + " " + metric.getKey() + " (mean)", mean.asText());
        }
      }
    }
  }

  private static void flatten(Map<String, String> out, String prefix, JsonNode n, int depth) {
    if (n == null || out.size() >= MAX_EVALUATION_VALUES) {
      return;
    }
    if (n.isNumber() || n.isTextual() || n.isBoolean()) {
      out.put(prefix, n.asText());
    } else if (n.isObject() && depth < 2) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(
            out,
            prefix.endsWith(":") ? prefix + " " + e.getKey() : prefix + "." + e.getKey(),
            e.getValue(),
            depth + 1);
      }
    } else if (n.isArray()) {
      out.put(prefix, n.size() + " items");
    }
  }

  /**
   * The training cost at the price table's rate, as {@code $1.23}; null when the tokens or the
   * price are unknown. The table holds OpenAI's prices: a job another provider trained (Azure bills
   * its own rates, with hosting) has none.
   */
  static String cost(Job job, ModelCatalog catalog, JobSource source) {
    if (job == null || job.trainedTokens() == null || job.model() == null) {
      return null;
    }
    if (!JobSource.openAi(source)) {
      return null;
    }
    ModelMatch match = catalog.resolve(job.model());
    return match
        .info()
        .map(
            i ->
                "$" + TrainingEstimate.cost(job.trainedTokens(), i.trainingPer1m()).toPlainString())
        .orElse(null);
  }

  /**
   * The comparisons in the archive: folder name -> the ids it compares (from its compare.json),
   * sorted.
   */
  public static SortedMap<String, List<String>> inArchive(Path root) {
    SortedMap<String, List<String>> out = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, PREFIX + "*")) {
      for (Path p : ds) {
        Path file = p.resolve(CompareRenderer.JSON_FILE);
        if (!Files.isRegularFile(file)) {
          continue;
        }
        try {
          List<String> ids = new ArrayList<>();
          JSON.readTree(file.toFile()).path("jobs").forEach(j -> ids.add(j.asText()));
          out.put(p.getFileName().toString(), ids);
        } catch (IOException unreadable) {
          // a broken comparison is left out of the index
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }
}
