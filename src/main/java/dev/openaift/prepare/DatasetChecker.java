package dev.openaift.prepare;

import dev.openaift.io.InputFileException;
import dev.openaift.models.DatasetFormat;
import dev.openaift.models.ModelInfo;
import dev.openaift.models.ModelMatch;
import dev.openaift.models.TokenCounter;
import dev.openaift.models.TrainingEstimate;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Checks a fine-tuning JSONL file the way OpenAI's data-preparation cookbook does, in one streaming
 * pass. Lines are read in batches; within a batch each line is parsed, validated, tokenized and
 * hashed on its own (in parallel, one {@link LineAnalyzer} per worker); then the file-wide rules
 * are applied in line order. Only per-example counts and 128-bit duplicate keys are kept, never the
 * lines, so files of 100,000 examples take seconds. The result does not depend on the number of
 * threads.
 *
 * <p>Rules (one finding per kind per line):
 *
 * <ul>
 *   <li>Blank lines are skipped (info). Every other line is an example.
 *   <li>The file's format is decided by the first object with {@code input}/{@code
 *       preferred_output}/{@code non_preferred_output} (DPO), {@code messages} (chat) or {@code
 *       prompt}/{@code completion} (legacy pairs, for babbage-002 and davinci-002); later lines of
 *       another shape are {@link IssueKind#FORMAT_MISMATCH}; objects with none are {@link
 *       IssueKind#NO_MESSAGES} (or {@link IssueKind#BAD_DPO}, {@link IssueKind#BAD_COMPLETION}). A
 *       format the model does not take (per the price table) is {@link
 *       IssueKind#FORMAT_NOT_FOR_MODEL}.
 *   <li>Chat: top-level keys {@value LineAnalyzer#CHAT_KEYS_DOC}; a non-empty {@code messages} list
 *       with at least one assistant message. DPO: top-level keys {@value
 *       LineAnalyzer#DPO_KEYS_DOC}; {@code input.messages} a non-empty list; each output a
 *       non-empty list of assistant messages. Pairs: keys {@value
 *       LineAnalyzer#COMPLETION_KEYS_DOC}, both text, the completion non-empty.
 *   <li>Messages: keys {@value LineAnalyzer#MESSAGE_KEYS_DOC}; roles {@value
 *       LineAnalyzer#ROLES_DOC}; content a non-empty string or list of parts, unless the message
 *       has {@code tool_calls}, {@code function_call} or a {@code refusal}; {@code weight} 0 or 1.
 *   <li>Fewer than {@value #MIN_EXAMPLES} examples is an error; examples over the model's context
 *       limit, and examples equal to an earlier one (same JSON value, whatever the key order or
 *       spacing), are warnings; examples without a system (or developer) message are info.
 *   <li>Token figures and billed tokens cover the examples without errors; see {@link TokenCounter}
 *       for the count and {@link TrainingEstimate} for epochs and cost.
 * </ul>
 */
public final class DatasetChecker {
  /** The service rejects files with fewer examples. */
  public static final int MIN_EXAMPLES = 10;

  private static final int BATCH_LINES = 4096;
  private static final long BATCH_CHARS = 32L << 20;
  private static final int BINARY_PROBE_BYTES = 8192;

  private final PrepareOptions options;
  private final ModelMatch model;
  private final IssueCollector issues;
  private final FileRules rules;
  private final ConcurrentLinkedQueue<LineAnalyzer> analyzers = new ConcurrentLinkedQueue<>();

  private long lineNo;
  private long blank;
  private long examples;
  private int valid;
  private int[] messageCounts = new int[1024];
  private int[] tokenCounts = new int[1024];
  private int[] assistantCounts = new int[1024];
  private long billedPerEpoch;

  private DatasetChecker(PrepareOptions options) {
    this.options = options;
    this.model = options.catalog().resolve(options.model());
    this.issues = new IssueCollector(options.maxLines());
    this.rules = new FileRules(model);
  }

  /**
   * Checks one file.
   *
   * @throws InputFileException when the file is missing, a directory, unreadable, binary or not
   *     UTF-8
   */
  public static PrepareReport check(Path file, PrepareOptions options) {
    DatasetChecker checker = new DatasetChecker(options);
    checker.readAll(file);
    return checker.report(file);
  }

  private void readAll(Path file) {
    if (Files.isDirectory(file)) {
      throw new InputFileException(file, "is a directory, not a JSONL file");
    }
    probeBinary(file);
    List<String> batch = new ArrayList<>(BATCH_LINES);
    long[] chars = {0};
    lineNo =
        Utf8Lines.forEach(
            file,
            in -> in,
            (no, line) -> {
              lineNo = no;
              batch.add(line);
              chars[0] += line.length();
              if (batch.size() == BATCH_LINES || chars[0] >= BATCH_CHARS) {
                process(batch, no - batch.size() + 1);
                batch.clear();
                chars[0] = 0;
              }
            });
    process(batch, lineNo - batch.size() + 1);
  }

  private static void probeBinary(Path file) {
    byte[] head = new byte[BINARY_PROBE_BYTES];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw Utf8Lines.cannotRead(file, e);
    }
    for (int i = 0; i < n; i++) {
      if (head[i] == 0) {
        throw new InputFileException(file, "binary file, not JSON lines text");
      }
    }
  }

  /**
   * Analyzes a batch of lines in parallel chunks, then applies the file-wide rules in line order.
   */
  private void process(List<String> batch, long firstLine) {
    int n = batch.size();
    if (n == 0) {
      return;
    }
    LineCheck[] results = new LineCheck[n];
    int chunks = Math.max(1, Math.min(ForkJoinPool.getCommonPoolParallelism() * 4, n / 64));
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            k -> {
              LineAnalyzer analyzer = analyzers.poll();
              if (analyzer == null) {
                analyzer = new LineAnalyzer(model.encoding());
              }
              try {
                int from = (int) ((long) n * k / chunks);
                int to = (int) ((long) n * (k + 1) / chunks);
                for (int i = from; i < to; i++) {
                  results[i] = analyzer.analyze(firstLine + i, batch.get(i));
                }
              } finally {
                analyzers.add(analyzer);
              }
            });
    for (LineCheck c : results) {
      merge(c);
    }
  }

  /**
   * The rules that need the lines before (file format, duplicates, context), then the example's
   * figures.
   */
  private void merge(LineCheck c) {
    if (c.blank) {
      blank++;
      issues.add(IssueKind.BLANK_LINE, c.lineNo);
      return;
    }
    examples++;
    FileRules.Verdict v = rules.apply(c);
    if (!v.error()) {
      int context = model.info().map(ModelInfo::contextTokens).orElse(Integer.MAX_VALUE);
      billedPerEpoch += Math.min(c.tokens, context);
      if (valid == tokenCounts.length) {
        int size = valid * 2;
        messageCounts = Arrays.copyOf(messageCounts, size);
        tokenCounts = Arrays.copyOf(tokenCounts, size);
        assistantCounts = Arrays.copyOf(assistantCounts, size);
      }
      messageCounts[valid] = c.messages;
      tokenCounts[valid] = c.tokens;
      assistantCounts[valid] = c.assistantTokens;
      valid++;
    }
    for (IssueKind k : v.found()) {
      issues.add(k, c.lineNo);
    }
    for (LineCheck.Value value : v.values()) {
      issues.value(value.kind(), value.value());
    }
  }

  private PrepareReport report(Path file) {
    DatasetFormat format = rules.format();
    if (examples < MIN_EXAMPLES) {
      issues.fileLevel(IssueKind.TOO_FEW_EXAMPLES, examples);
    }
    if (format != DatasetFormat.UNKNOWN
        && model.info().isPresent()
        && !model.info().get().formats().contains(format)) {
      issues.fileLevel(IssueKind.FORMAT_NOT_FOR_MODEL, 1);
      issues.value(IssueKind.FORMAT_NOT_FOR_MODEL, "file: " + format.id());
      String takes =
          model.info().get().formats().stream()
              .sorted()
              .map(DatasetFormat::id)
              .collect(java.util.stream.Collectors.joining(" or "));
      issues.value(IssueKind.FORMAT_NOT_FOR_MODEL, model.info().get().name() + " takes: " + takes);
    }
    List<String> notes = new ArrayList<>();
    BigDecimal price = model.info().map(ModelInfo::trainingPer1m).orElse(null);
    if (model.known()) {
      notes.add(
          "prices and context limits as of "
              + options.catalog().asOf()
              + " (may be out of date; override with --prices FILE)");
    } else {
      notes.add(
          "unknown model \""
              + model.requested()
              + "\": tokens counted with "
              + model.encoding()
              + "; context limit and price unknown (add the model with --prices FILE)");
    }
    if (valid < examples) {
      notes.add(
          "token figures cover the " + valid + " of " + examples + " examples without errors");
    }
    return new PrepareReport(
        file,
        format,
        lineNo,
        blank,
        examples,
        valid,
        model,
        issues.issues(),
        Distribution.of(messageCounts, valid),
        Distribution.of(tokenCounts, valid),
        Distribution.of(assistantCounts, valid),
        TrainingEstimate.of(examples, billedPerEpoch, options.epochs(), price),
        options.catalog().asOf(),
        notes);
  }
}
