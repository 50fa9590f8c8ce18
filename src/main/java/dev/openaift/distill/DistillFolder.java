package dev.openaift.distill;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.openaift.io.AtomicFiles;
import dev.openaift.io.Json;
import dev.openaift.io.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes a distillation set's folder: {@code data/train.jsonl} and {@code data/validation.jsonl} (a
 * folder {@code datasets.load_dataset} reads as splits {@code train} and {@code validation}),
 * {@code holdout.jsonl} beside it (never in {@code data/}, so no trainer picks it up), {@code
 * distill.json} (what it came from, the split, each file's sha256) and {@code README.md} (the
 * commands to train, report and judge). The folder is built beside the target and renamed into
 * place, so a run killed at any moment leaves the old folder or the new one, never a mix.
 */
public final class DistillFolder {
  public static final String DATA_DIR = "data";
  public static final String TRAIN = "train.jsonl";
  public static final String VALIDATION = "validation.jsonl";
  public static final String HOLDOUT = "holdout.jsonl";
  public static final String MANIFEST = "distill.json";
  public static final String README = "README.md";

  /** The {@code format} of {@link #MANIFEST}. */
  public static final String FORMAT = "openai-ft.distill";

  private DistillFolder() {}

  /**
   * What to write besides the examples.
   *
   * @param seed the split's seed
   * @param validationFraction share of the examples for validation
   * @param holdoutFraction share kept out for evaluation
   * @param openModel the open model the README's commands train (a Hugging Face id)
   */
  public record Settings(
      long seed, double validationFraction, double holdoutFraction, String openModel) {}

  /**
   * Writes the folder {@code out}.
   *
   * @param replace replace an existing folder (else one that exists and is not empty is refused)
   * @return the split written
   * @throws FileAlreadyExistsException when {@code out} holds files and {@code replace} is false
   */
  public static DistillSet.Split write(DistillSet set, Settings s, Path out, boolean replace)
      throws IOException {
    Path target = out.toAbsolutePath().normalize();
    if (!replace && Files.isDirectory(target) && !empty(target)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    if (Files.exists(target) && !Files.isDirectory(target)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    DistillSet.Split split = set.split(s.seed(), s.validationFraction(), s.holdoutFraction());
    Path parent = target.getParent();
    Files.createDirectories(parent);
    String tag = Long.toHexString(ThreadLocalRandom.current().nextLong());
    Path stage = parent.resolve("." + target.getFileName() + "." + tag + ".tmp");
    try {
      Map<String, String> sums = new TreeMap<>();
      sums.put(
          DATA_DIR + "/" + TRAIN, jsonl(stage.resolve(DATA_DIR).resolve(TRAIN), split.train()));
      sums.put(
          DATA_DIR + "/" + VALIDATION,
          jsonl(stage.resolve(DATA_DIR).resolve(VALIDATION), split.validation()));
      sums.put(HOLDOUT, jsonl(stage.resolve(HOLDOUT), split.holdout()));
      AtomicFiles.write(stage.resolve(MANIFEST), manifest(set, s, split, sums));
      AtomicFiles.write(
          stage.resolve(README),
          DistillReadme.text(set, s, split).getBytes(StandardCharsets.UTF_8));
      swapIn(stage, target, parent, tag);
    } finally {
      deleteTree(stage);
    }
    return split;
  }

  private static boolean empty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  /** Writes the examples, one line each; returns the file's sha256. */
  private static String jsonl(Path file, List<DistillSet.Example> examples) throws IOException {
    StringBuilder b = new StringBuilder();
    for (DistillSet.Example e : examples) {
      b.append(DistillSet.line(e)).append('\n');
    }
    byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(file, bytes);
    return Sha256.hex(bytes);
  }

  private static byte[] manifest(
      DistillSet set, Settings s, DistillSet.Split split, Map<String, String> sums) {
    Map<String, Object> source = new TreeMap<>();
    source.put("kind", set.source().kind());
    source.put("model", set.source().model());
    source.put("data_sha256", set.source().dataSha256());
    source.put("data_file", set.source().dataFile());
    source.put("origin", set.source().origin());
    Map<String, Object> counts = new TreeMap<>();
    counts.put("train", split.train().size());
    counts.put("validation", split.validation().size());
    counts.put("holdout", split.holdout().size());
    counts.put("repeated_prompts_left_out", set.repeats());
    counts.put("unanswered", set.unanswered());
    counts.put("truncated_answers", set.truncated());
    counts.put("developer_messages_as_system", set.developerMessages());
    Map<String, Object> m = new TreeMap<>();
    m.put("format", FORMAT);
    m.put("source", source);
    m.put("seed", s.seed());
    m.put("validation_fraction", s.validationFraction());
    m.put("holdout_fraction", s.holdoutFraction());
    m.put("counts", counts);
    m.put("sha256", sums);
    m.put("holdout_indices", split.holdout().stream().map(DistillSet.Example::index).toList());
    try {
      return Json.pretty().writeValueAsBytes(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + MANIFEST, e);
    }
  }

  /** Renames the staged folder onto {@code target}, moving an existing one aside first. */
  private static void swapIn(Path stage, Path target, Path parent, String tag) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = parent.resolve("." + target.getFileName() + "." + tag + ".old");
      move(target, old);
    }
    try {
      move(stage, target);
    } catch (IOException e) {
      if (old != null) {
        move(old, target);
      }
      throw e;
    }
    if (old != null) {
      deleteTree(old);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The counts as one line for the terminal. */
  public static String summary(DistillSet set, DistillSet.Split split) {
    Map<String, Integer> parts = new LinkedHashMap<>();
    parts.put("training", split.train().size());
    parts.put("validation", split.validation().size());
    parts.put("hold-out", split.holdout().size());
    StringBuilder b = new StringBuilder();
    parts.forEach(
        (k, v) ->
            b.append(b.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%,d %s", v, k)));
    return b.toString();
  }
}
