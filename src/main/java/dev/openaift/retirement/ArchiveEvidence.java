package dev.openaift.retirement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.Json;
import dev.openaift.record.Recordings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the archive proves about each model, read only and leniently (keys added by later versions
 * do not matter; a file that cannot be read proves nothing and is left out):
 *
 * <ul>
 *   <li>{@code backup-verified.json}, written by every {@code backup --verify}: {@code
 *       {"verified_at", "ok", "jobs": {"<job id>": "ok" | "altered" | "missing" | "failed"}}};
 *   <li>recordings, {@code recordings/<model folder>/<data sha256>/header.json} ({@code model},
 *       {@code data_file}, {@code data_sha256}, {@code examples}) and {@code answers.jsonl} (one
 *       answer per line, counted by distinct {@code index});
 *   <li>evaluations, every {@code eval.json} of format {@code openai-ft.eval} up to four folders
 *       deep (the archive's {@code evals/NAME/}, a job's {@code JOB/evals/NAME/}, or an {@code
 *       --out} folder inside the archive), with their {@code verdicts} list and {@code created}
 *       time.
 * </ul>
 */
public final class ArchiveEvidence {
  /** The file every {@code backup --verify} writes at the archive root. */
  public static final String VERIFIED_FILE = "backup-verified.json";

  static final String EVAL_FILE = "eval.json";
  static final String EVAL_FORMAT = "openai-ft.eval";

  /** How far below the archive root {@code eval.json} files are looked for. */
  static final int EVAL_DEPTH = 4;

  private static final ObjectMapper JSON = Json.mapper();

  /**
   * The last {@code backup --verify}.
   *
   * @param verifiedAt when it ran
   * @param ok its overall verdict
   * @param jobs per job id: {@code ok}, {@code altered}, {@code missing} or {@code failed}
   */
  public record Verification(Instant verifiedAt, boolean ok, Map<String, String> jobs) {
    public Verification {
      jobs = Map.copyOf(jobs);
    }
  }

  /**
   * One recording.
   *
   * @param model the model recorded
   * @param dataFile the data file's name when the recording began, or null
   * @param dataSha256 the data file's SHA-256
   * @param answers examples answered (distinct indexes)
   * @param examples examples in the data file (0 when the header does not say)
   */
  public record Recorded(
      String model, String dataFile, String dataSha256, int answers, int examples) {
    /** Answers for every example of its data file. */
    public boolean complete() {
      return examples > 0 && answers >= examples;
    }
  }

  /** PASS, FAIL or INCONCLUSIVE, worst first. */
  public enum Outcome {
    FAIL,
    INCONCLUSIVE,
    PASS;

    static Optional<Outcome> of(String s) {
      for (Outcome o : values()) {
        if (o.name().equals(s)) {
          return Optional.of(o);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * One verdict of an evaluation, as {@code eval.json}'s {@code verdicts} list holds it.
   *
   * @param file the {@code eval.json} it was read from
   * @param created when the evaluation was made
   */
  public record Verdict(
      Path file,
      Instant created,
      String candidate,
      String reference,
      String metric,
      Outcome verdict,
      Double margin,
      Double lowerBound,
      Double upperBound,
      Long examplesToSettle,
      Long n) {}

  private final Verification verification;
  private final Map<String, List<Recorded>> recordings;
  private final Map<String, List<Verdict>> latestVerdicts;

  private ArchiveEvidence(
      Verification verification,
      Map<String, List<Recorded>> recordings,
      Map<String, List<Verdict>> latestVerdicts) {
    this.verification = verification;
    this.recordings = recordings;
    this.latestVerdicts = latestVerdicts;
  }

  /** Reads everything under {@code root} (nothing when it does not exist). */
  public static ArchiveEvidence read(Path root) {
    return new ArchiveEvidence(
        readVerification(root.resolve(VERIFIED_FILE)),
        readRecordings(root.resolve(Recordings.FOLDER)),
        readVerdicts(root));
  }

  /** The last verification, if any was written and readable. */
  public Optional<Verification> verification() {
    return Optional.ofNullable(verification);
  }

  /**
   * The model's recordings, the most complete first (complete ones, then by answers, then by data
   * file).
   */
  public List<Recorded> recordings(String model) {
    return recordings.getOrDefault(model, List.of());
  }

  /**
   * The verdicts of the latest evaluation (by its {@code created} time) that judged a replacement
   * against this model: its recording ({@code recorded:MODEL}) or the model itself as the
   * reference.
   */
  public List<Verdict> latestVerdicts(String model) {
    return latestVerdicts.getOrDefault(model, List.of());
  }

  // ---- backup-verified.json

  private static Verification readVerification(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(file.toFile());
      Instant at = instant(n.path("verified_at"));
      if (at == null) {
        return null;
      }
      Map<String, String> jobs = new TreeMap<>();
      n.path("jobs")
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().isTextual()) {
                  jobs.put(e.getKey(), e.getValue().asText());
                }
              });
      return new Verification(at, n.path("ok").asBoolean(false), jobs);
    } catch (IOException unreadable) {
      return null;
    }
  }

  // ---- recordings

  private static Map<String, List<Recorded>> readRecordings(Path dir) {
    Map<String, List<Recorded>> out = new TreeMap<>();
    for (Path modelDir : subfolders(dir)) {
      for (Path rec : subfolders(modelDir)) {
        Recorded r = readRecording(rec, modelDir.getFileName().toString());
        if (r != null) {
          out.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(r);
        }
      }
    }
    Comparator<Recorded> best =
        Comparator.comparing((Recorded r) -> !r.complete())
            .thenComparing(Comparator.comparingInt(Recorded::answers).reversed())
            .thenComparing(r -> r.dataFile() == null ? "" : r.dataFile())
            .thenComparing(Recorded::dataSha256);
    out.values().forEach(l -> l.sort(best));
    return out;
  }

  private static Recorded readRecording(Path dir, String folder) {
    Path header = dir.resolve(Recordings.HEADER);
    if (!Files.isRegularFile(header)) {
      return null;
    }
    JsonNode h;
    try {
      h = JSON.readTree(header.toFile());
    } catch (IOException unreadable) {
      return null;
    }
    if (h == null || !h.isObject()) {
      return null;
    }
    String model = h.path("model").isTextual() ? h.path("model").asText() : null;
    if (model == null) {
      model = Recordings.modelOfFolder(folder);
    }
    String sha =
        h.path("data_sha256").isTextual()
            ? h.path("data_sha256").asText()
            : dir.getFileName().toString();
    String dataFile = h.path("data_file").isTextual() ? h.path("data_file").asText() : null;
    return new Recorded(
        model,
        dataFile,
        sha,
        answers(dir.resolve(Recordings.ANSWERS)),
        h.path("examples").asInt(0));
  }

  /** Distinct example indexes among the whole answer lines of {@code answers.jsonl}. */
  private static int answers(Path file) {
    if (!Files.isRegularFile(file)) {
      return 0;
    }
    BitSet seen = new BitSet();
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      lines.forEach(
          line -> {
            if (line.isBlank()) {
              return;
            }
            try {
              JsonNode n = JSON.readTree(line);
              JsonNode index = n == null ? null : n.get("index");
              if (index != null
                  && index.canConvertToInt()
                  && index.isIntegralNumber()
                  && index.intValue() >= 0
                  && n.path("answer").isTextual()) {
                seen.set(index.intValue());
              }
            } catch (IOException notAnAnswer) {
              // a torn last line or a damaged one: not an answer
            }
          });
    } catch (IOException | UncheckedIOException unreadable) {
      return 0;
    }
    return seen.cardinality();
  }

  // ---- evaluations

  private static Map<String, List<Verdict>> readVerdicts(Path root) {
    List<Path> files = evalFiles(root);
    Map<String, List<Verdict>> latest = new TreeMap<>();
    for (Path file : files) {
      JsonNode n;
      try {
        n = JSON.readTree(file.toFile());
      } catch (IOException unreadable) {
        continue;
      }
      if (n == null || !EVAL_FORMAT.equals(n.path("format").asText(null))) {
        continue;
      }
      Instant created = instant(n.path("created"));
      if (created == null) {
        created = instant(n.path("created_at"));
      }
      if (created == null) {
        continue;
      }
      Map<String, List<Verdict>> here = new TreeMap<>();
      for (JsonNode v : n.path("verdicts")) {
        Optional<Outcome> outcome = Outcome.of(v.path("verdict").asText(""));
        String reference = v.path("reference").asText(null);
        if (outcome.isEmpty() || reference == null) {
          continue;
        }
        String model =
            reference.startsWith("recorded:")
                ? reference.substring("recorded:".length())
                : reference;
        here.computeIfAbsent(model, k -> new ArrayList<>())
            .add(
                new Verdict(
                    file,
                    created,
                    v.path("candidate").asText(null),
                    reference,
                    v.path("metric").asText(null),
                    outcome.get(),
                    Json.number(v.path("margin")),
                    Json.number(v.path("lower_bound")),
                    Json.number(v.path("upper_bound")),
                    Json.wholeNumber(v.path("examples_to_settle")),
                    Json.wholeNumber(v.path("n"))));
      }
      for (Map.Entry<String, List<Verdict>> e : here.entrySet()) {
        List<Verdict> before = latest.get(e.getKey());
        Verdict b = before == null ? null : before.get(0);
        Verdict a = e.getValue().get(0);
        // the later evaluation wins; the same time: the later path, so the answer is stable
        if (b == null
            || a.created().isAfter(b.created())
            || (a.created().equals(b.created()) && a.file().compareTo(b.file()) > 0)) {
          latest.put(e.getKey(), List.copyOf(e.getValue()));
        }
      }
    }
    return latest;
  }

  /**
   * {@code eval.json} files up to {@link #EVAL_DEPTH} folders below the root, leaving out the
   * recordings, the data copies and hidden folders.
   */
  private static List<Path> evalFiles(Path root) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try {
      Files.walkFileTree(
          root,
          EnumSet.noneOf(java.nio.file.FileVisitOption.class),
          EVAL_DEPTH,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (dir.equals(root)) {
                return FileVisitResult.CONTINUE;
              }
              String name = dir.getFileName().toString();
              return name.startsWith(".")
                      || (dir.getParent().equals(root)
                          && (name.equals(Recordings.FOLDER)
                              || name.equals(ArchivedJobs.FILES_DIR)))
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && file.getFileName().toString().equals(EVAL_FILE)) {
                out.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search " + root + ": " + e.getMessage(), e);
    }
    out.sort(null);
    return out;
  }

  // ---- helpers

  private static List<Path> subfolders(Path dir) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isDirectory)) {
      ds.forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    out.sort(null);
    return out;
  }

  private static Instant instant(JsonNode n) {
    if (n == null || !n.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(n.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
