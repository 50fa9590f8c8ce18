package dev.openaift.metrics;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.io.InputFileException;
import dev.openaift.io.Json;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face Trainer run ({@code trainer_state.json}, written by transformers, TRL, axolotl,
 * Unsloth, LLaMA-Factory ...) mapped onto the canonical table, honestly:
 *
 * <ul>
 *   <li>{@code loss} is the training loss averaged over each logging interval: {@code train_loss};
 *   <li>{@code eval_loss} comes from a full pass over the eval set: {@code full_valid_loss} (never
 *       the minibatch {@code valid_loss}); every other {@code eval_X} likewise becomes {@code
 *       full_valid_X} ({@code eval_accuracy} is {@code full_valid_accuracy}); {@code eval_runtime}
 *       and the per-second rates are timings, not metrics, and are left out;
 *   <li>{@code learning_rate}, {@code grad_norm} and any other numeric key (TRL's {@code
 *       rewards/...}, {@code kl} ...) stay extras under their own names;
 *   <li>the final summary entry ({@code train_runtime}, and its {@code train_loss}: the mean over
 *       the whole run, not a point of the curve) is not a series;
 *   <li>{@code epoch} places the epoch ends ({@link #EPOCH_COLUMN}).
 * </ul>
 *
 * <p>Numbers and steps are read by {@link NumberRules}, as result files are. Messy files: Python's
 * bare {@code NaN}/{@code Infinity} are read (and such values left out, with a warning); a value
 * logged again for a step with another value (a run resumed from a checkpoint logs its steps again)
 * replaces the earlier one, with a warning naming both; entries without {@code step}, with a step
 * that is not one (fractional, zero, too large: never rounded or clamped), non-object entries and
 * text values that are not decimal numbers are left out with a warning per kind; a key whose own
 * name another key maps to ({@code train_loss} beside {@code loss}) gets a name of its own ({@link
 * TrainerLog}); CRLF and a BOM are fine. What cannot be read at all is an {@link
 * InputFileException} (exit 5): a Git LFS pointer, broken JSON, no {@code log_history}, an empty
 * one, no entry with a step.
 *
 * <p>The file is streamed (issue 22): its entries go one by one into a {@link TrainerLog}, so
 * memory follows the values kept, not the document; the top-level fields ({@code global_step},
 * {@code max_steps}, {@code best_metric} ...) may come before or after {@code log_history}. The
 * same entries written one JSON object per line ({@code .jsonl}, as other trainers log) are read by
 * the same consumer; LLaMA-Factory's {@value #LINE_LOG} names the step {@code current_steps} and
 * states the planned total as {@code total_steps} in each entry ({@link TrainerLog}).
 */
public final class TrainerState {
  /** The file name the Trainer writes. */
  public static final String FILE = "trainer_state.json";

  /**
   * The merged column of the {@code epoch} values; epochs are placed from it, it is not plotted.
   */
  static final String EPOCH_COLUMN = "epoch";

  /** Its source name, which marks a Trainer run's epoch column. */
  static final String EPOCH_SOURCE = "epoch (trainer_state.json)";

  private static final ObjectMapper JSON = Json.mapper();

  /** Files beside the state whose hyperparameters are read (and kept with an archived run). */
  public static final List<String> SIDE_FILES =
      List.of("adapter_config.json", "config.json", "trainer_config.json");

  private static final Pattern CHECKPOINT_DIR = Pattern.compile("checkpoint-(\\d+)");

  /**
   * Reads one value of the document into a tree (the small top-level fields, an odd {@code step}):
   * the project's mapper, without its check that nothing follows, as more of the document does.
   */
  private static final ObjectReader VALUE =
      JSON.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final String HISTORY = "log_history";
  private static final String STEP = "step";

  /** A file of this suffix holds one entry per line. */
  static final String LINES_SUFFIX = ".jsonl";

  /** What the entries of a line-per-entry log are called in messages. */
  private static final String LINES_NOUN = "log";

  /** LLaMA-Factory's line-per-entry log in an output folder. */
  public static final String LINE_LOG = "trainer_log.jsonl";

  private static final String LFS_POINTER = "version https://git-lfs.github.com/spec/";

  /**
   * The reader's buffer: large enough that a read is a few system calls per megabyte; the parser
   * keeps its own few kilobytes beside it.
   */
  private static final int READ_BUFFER = 1 << 16;

  /**
   * A run read from disk.
   *
   * @param name the run's name: its folder's name
   * @param stateFile the {@code trainer_state.json} read
   * @param data what the analyser takes (a job built from what the run says, the table, the
   *     checkpoints)
   * @param sources canonical or extra metric name -> what it is in the Trainer's terms
   * @param hyperparameterFiles file name -> whether it was found beside the state
   * @param bestCheckpoint the Trainer's own {@code best_model_checkpoint} (its last path element)
   *     and {@code best_metric}, or null
   */
  public record Run(
      String name,
      Path stateFile,
      JobData data,
      Map<String, String> sources,
      Map<String, Boolean> hyperparameterFiles,
      String bestCheckpoint) {}

  private TrainerState() {}

  /**
   * Whether {@code path} is a Trainer run: a {@code trainer_state.json} file (any {@code .json} but
   * {@code job.json}), a line-per-entry log ({@code .jsonl}, but a job's {@code events.jsonl}), or
   * a folder holding a state (or checkpoints with one).
   */
  public static boolean isRun(Path path) {
    if (Files.isRegularFile(path)) {
      String name = path.getFileName().toString();
      return (name.endsWith(".json") && !name.equals("job.json"))
          || (name.toLowerCase(Locale.ROOT).endsWith(LINES_SUFFIX)
              && !name.equals(JobInputs.EVENTS));
    }
    return Files.isDirectory(path)
        && locate(path) != null
        && !Files.exists(path.resolve(JobInputs.RESULTS))
        && !Files.exists(path.resolve(JobInputs.EVENTS));
  }

  /** Reads a run from a folder or from its {@code trainer_state.json}. */
  public static Run read(Path path) {
    return read(path, true);
  }

  /**
   * As {@link #read(Path)}; without {@code scan}, every file goes through the parser (tests compare
   * the two readings).
   */
  static Run read(Path path, boolean scan) {
    Path state;
    Path runDir;
    if (Files.isDirectory(path)) {
      state = locate(path);
      if (state == null) {
        throw new InputFileException(
            path, "no " + FILE + " nor " + LINE_LOG + " here, nor in a checkpoint-N folder");
      }
      runDir = path;
    } else if (Files.isRegularFile(path)) {
      state = path;
      Path parent = path.toAbsolutePath().normalize().getParent();
      runDir = parent;
      // a checkpoint's own state: the run is the folder above it
      if (parent != null
          && CHECKPOINT_DIR.matcher(parent.getFileName().toString()).matches()
          && parent.getParent() != null) {
        runDir = parent.getParent();
      }
    } else {
      throw new InputFileException(path, "no such file or directory");
    }
    Run run = build(stream(state, scan), state, runDir == null ? Path.of(".") : runDir);
    if (!Files.isDirectory(path)
        || CHECKPOINT_DIR.matcher(state.getParent().getFileName() + "").matches()) {
      return run;
    }
    // the folder's own state or log can be older than a checkpoint beside it (training went on in
    // the same output folder, or the log was copied without its state): the newest record wins
    Map.Entry<Long, Path> newest = newestCheckpoint(path);
    long lastStep = run.data().results() == null ? 0 : run.data().results().table().lastStep();
    if (newest == null || newest.getKey() <= lastStep) {
      return run;
    }
    Path newer = newest.getValue().resolve(FILE);
    Run checkpoint = build(stream(newer, scan), newer, path);
    List<String> warnings = new ArrayList<>(checkpoint.data().warnings());
    warnings.add(
        path.relativize(state)
            + " stops at step "
            + lastStep
            + ", before "
            + path.relativize(newest.getValue())
            + ": the run is read from "
            + path.relativize(newer));
    JobData d = checkpoint.data();
    return new Run(
        checkpoint.name(),
        checkpoint.stateFile(),
        new JobData(d.job(), d.events(), d.checkpoints(), d.results(), d.fallbackJobId(), warnings),
        checkpoint.sources(),
        checkpoint.hyperparameterFiles(),
        checkpoint.bestCheckpoint());
  }

  /**
   * The state file {@link #read(Path)} reads for {@code path} (a run folder or a state file), or
   * null when there is none.
   */
  public static Path stateFile(Path path) {
    return Files.isDirectory(path) ? locate(path) : Files.isRegularFile(path) ? path : null;
  }

  /**
   * The run folder's state, else its line-per-entry log ({@value #LINE_LOG}, LLaMA-Factory's), else
   * the state of its highest checkpoint-N folder, else null.
   */
  private static Path locate(Path dir) {
    for (String own : new String[] {FILE, LINE_LOG}) {
      Path direct = dir.resolve(own);
      if (Files.isRegularFile(direct)) {
        return direct;
      }
    }
    Map.Entry<Long, Path> newest = newestCheckpoint(dir);
    return newest == null ? null : newest.getValue().resolve(FILE);
  }

  /** The highest checkpoint-N folder with a state (its step and folder), or null. */
  private static Map.Entry<Long, Path> newestCheckpoint(Path dir) {
    Map.Entry<Long, Path> best = null;
    for (Map.Entry<Long, Path> c : checkpointDirs(dir).entrySet()) {
      if ((best == null || c.getKey() > best.getKey())
          && Files.isRegularFile(c.getValue().resolve(FILE))) {
        best = c;
      }
    }
    return best;
  }

  private static TreeMap<Long, Path> checkpointDirs(Path dir) {
    TreeMap<Long, Path> out = new TreeMap<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        Matcher m = CHECKPOINT_DIR.matcher(p.getFileName().toString());
        if (m.matches() && Files.isDirectory(p)) {
          try {
            out.put(Long.parseLong(m.group(1)), p);
          } catch (NumberFormatException tooLong) {
            // not a step number
          }
        }
      }
    } catch (IOException e) {
      throw new InputFileException(dir, "cannot list: " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * The state or log file streamed into a {@link TrainerLog}: a {@code trainer_state.json} document
   * (its {@code log_history} entry by entry, before or after the other top-level fields, which are
   * kept small in {@code top}), or one entry per line. A {@code .jsonl} file is read line by line;
   * a document whose first object has no {@code log_history} and is followed by another value, or
   * has a {@code step}, is read as lines too (a log copied into the archive under {@link #FILE}).
   * The plain shape transformers writes is read by {@link TrainerStateScanner} (unless not {@code
   * scan}); anything else, and every error, by Jackson's parser ({@link #parsed}).
   */
  private static Read stream(Path file, boolean scan) {
    boolean lines = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(LINES_SUFFIX);
    CutLine cut = cutLine(file);
    long length = cut == null ? Long.MAX_VALUE : cut.start();
    Read read = scan ? scanned(file, lines, length) : null;
    if (read == null) {
      try {
        read = parsed(file, lines, false, length);
      } catch (TextNeeded e) {
        read = parsed(file, lines, true, length);
      } catch (InputFileException e) {
        if (!(e.getCause() instanceof IOException)) {
          throw e;
        }
        // broken JSON or a byte that is not UTF-8: read as text, which says it as before
        read = parsed(file, lines, true, length);
      }
    }
    return cut == null
        ? read
        : new Read(
            read.log(),
            read.top(),
            file.getFileName()
                + ":"
                + cut.line()
                + ": last line is incomplete: no line break (cut while the run was writing it?);"
                + " ignored");
  }

  /**
   * The last line of a log of one entry per line, when it was cut while being written.
   *
   * @param start where it starts (the bytes before it are read)
   * @param line its number, from 1
   */
  private record CutLine(long start, long line) {}

  /**
   * A log the Trainer is still writing can end inside its last entry: that line is left out (with a
   * warning, as a job's {@code events.jsonl} and result files lose theirs), so that a run can be
   * reported while it trains. The rule is the one for {@code events.jsonl}: a last line without its
   * line break that does not parse. A line with its break was written whole, and a broken one stays
   * an error, as does any broken line before it. The file must be one entry per line, which its
   * first line says by being a value of its own (a {@code trainer_state.json} is indented, its
   * first line a lone brace); a file of one line is not cut short to nothing (its error says where
   * it breaks). Null for a file that ends whole, the common case, which costs one byte read.
   */
  private static CutLine cutLine(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0 || at(ch, size - 1, 1)[0] == '\n') {
        return null;
      }
      long start = size;
      for (long end = size; start == size && end > 0; end -= READ_BUFFER) {
        long from = Math.max(0, end - READ_BUFFER);
        byte[] chunk = at(ch, from, (int) (end - from));
        for (int i = chunk.length - 1; i >= 0; i--) {
          if (chunk[i] == '\n') {
            start = from + i + 1;
            break;
          }
        }
      }
      if (start == size) {
        return null; // one line
      }
      if (start > Integer.MAX_VALUE || size - start > Integer.MAX_VALUE) {
        return null; // beyond what a line can be: the parser says where it breaks
      }
      byte[] last = at(ch, start, (int) (size - start));
      if (new String(last, StandardCharsets.UTF_8).isBlank() || parses(last)) {
        return null;
      }
      // the first line first: a state (a lone brace there) ends here after a few bytes, where
      // counting the lines would read the whole file (31 MB at 200,000 steps)
      long firstEnd = -1;
      for (long from = 0; firstEnd < 0 && from < start; from += READ_BUFFER) {
        byte[] chunk = at(ch, from, (int) Math.min(READ_BUFFER, start - from));
        for (int i = 0; i < chunk.length; i++) {
          if (chunk[i] == '\n') {
            firstEnd = from + i;
            break;
          }
        }
      }
      if (firstEnd < 0 || firstEnd > Integer.MAX_VALUE) {
        return null;
      }
      byte[] first = at(ch, 0, (int) firstEnd);
      int bom = Arrays.equals(first, 0, Math.min(first.length, 3), UTF8_BOM, 0, 3) ? 3 : 0;
      if (!parses(Arrays.copyOfRange(first, bom, first.length))) {
        return null;
      }
      long lines = 1;
      for (long from = 0; from < start; from += READ_BUFFER) {
        byte[] chunk = at(ch, from, (int) Math.min(READ_BUFFER, start - from));
        for (int i = 0; i < chunk.length; i++) {
          if (chunk[i] == '\n') {
            lines++;
          }
        }
      }
      return new CutLine(start, lines);
    } catch (IOException e) {
      return null; // the readers say what is wrong with the file
    }
  }

  /** {@code n} bytes of {@code ch} from {@code from}. */
  private static byte[] at(FileChannel ch, long from, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n);
    while (b.hasRemaining() && ch.read(b, from + b.position()) > 0) {
      // read on
    }
    return b.array();
  }

  /** Whether {@code line} is one JSON value, as the project reads one. */
  private static boolean parses(byte[] line) {
    try {
      return JSON.readTree(line) != null;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The file read by Jackson's parser: from the bytes (its UTF-8 parser: no pass decoding the text)
   * or, when {@code asText}, from the text decoded as the whole-file reading decoded it (a
   * malformed byte is U+FFFD; an error's column counts characters).
   *
   * <p>From the bytes, the parser does not look for a key given twice in an entry (the set of names
   * it keeps per object was a third of the reading's garbage); {@link TrainerLog#repeated} does,
   * and an entry holding a list or an object, where it cannot, is a {@link TextNeeded}: the text
   * reading checks everything as the project's mapper does, and words the error as before.
   */
  private static Read parsed(Path file, boolean lines, boolean asText, long length) {
    String shown = file.getFileName().toString();
    try (JsonParser p = open(file, asText, length)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new InputFileException(file, "is empty");
      }
      if (lines) {
        TrainerLog log = new TrainerLog(shown, LINES_NOUN);
        fast(p, asText);
        entries(p, t, log, asText);
        return new Read(log, JSON.createObjectNode());
      }
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        nothingAfter(p, file);
        throw new InputFileException(
            file, "not a Trainer state: expected a JSON object with log_history");
      }
      ObjectNode top = JSON.createObjectNode();
      TrainerLog log = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken v = p.nextToken();
        if (key.equals(HISTORY) && v == JsonToken.START_ARRAY) {
          log = new TrainerLog(shown, HISTORY);
          fast(p, asText);
          while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
            entry(p, v, log, asText);
          }
        } else {
          top.set(key, VALUE.readTree(p));
        }
      }
      JsonToken next = p.nextToken();
      if (log == null
          && !top.has(HISTORY)
          && (next != null || top.has(STEP) || top.has(TrainerLog.PROGRESS_STEP))) {
        // one entry per line: the first object was an entry (alone: a log of one entry, whose
        // step says it is one)
        TrainerLog entries = new TrainerLog(shown, LINES_NOUN);
        entries.begin();
        top.fields().forEachRemaining(f -> entries.node(f.getKey(), f.getValue()));
        entries.end();
        if (next != null) {
          fast(p, asText);
          entries(p, next, entries, asText);
        }
        return new Read(entries, JSON.createObjectNode());
      }
      if (next != null) {
        throw after(p, file);
      }
      if (log == null) {
        throw new InputFileException(file, "not a Trainer state: no log_history list");
      }
      if (log.entries() == 0) {
        throw new InputFileException(file, "log_history is empty: the run has logged nothing yet");
      }
      return new Read(log, top);
    } catch (JsonParseException e) {
      throw notJson(file, e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InputFileException(file, "not JSON: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new InputFileException(file, "cannot read: " + e.getMessage(), e);
    }
  }

  /** Broken JSON in {@code file}, with its line and column. */
  private static InputFileException notJson(Path file, JsonParseException e) {
    var loc = e.getLocation();
    return new InputFileException(
        file,
        loc == null ? 0 : loc.getLineNr(),
        loc == null ? 0 : loc.getColumnNr(),
        "not JSON: " + e.getOriginalMessage(),
        e);
  }

  /**
   * The entries taken from a file, its top-level fields other than {@code log_history}, and the
   * warning for a cut last line left out (null when the file ended whole).
   */
  private record Read(TrainerLog log, ObjectNode top, String cutLine) {
    Read(TrainerLog log, ObjectNode top) {
      this(log, top, null);
    }
  }

  /**
   * A parser of {@code file} past a BOM (a Git LFS pointer is refused): of its bytes, when they
   * start as UTF-8 text does (else Jackson would take them for UTF-16 or UTF-32, which the text
   * reading never did), or of its text when {@code asText}. Numbers are parsed by Jackson's fast
   * parser, which gives the double {@link Double#parseDouble} gives (correctly rounded) in a third
   * of the time ({@code TrainerNumbersTest} checks random bit patterns).
   */
  private static JsonParser open(Path file, boolean asText, long length) throws IOException {
    Bytes bytes = bytes(file, length);
    try {
      JsonParser p =
          asText || !bytes.ascii()
              ? JSON.createParser(new InputStreamReader(bytes.in(), StandardCharsets.UTF_8))
              : JSON.createParser(bytes.in());
      p.enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature());
      return p;
    } catch (IOException | RuntimeException e) {
      bytes.in().close();
      throw e;
    }
  }

  /**
   * The bytes of a file past its BOM, and whether they start as ASCII text does.
   *
   * @param in the open stream (the caller closes it)
   * @param ascii whether the first four bytes are ASCII (else Jackson would take them for UTF-16 or
   *     UTF-32, which the text reading never did)
   */
  private record Bytes(InputStream in, boolean ascii) {}

  /**
   * The first {@code length} bytes of {@code file} opened past a BOM; a Git LFS pointer is refused.
   */
  private static Bytes bytes(Path file, long length) throws IOException {
    InputStream in;
    try {
      InputStream whole = Files.newInputStream(file);
      in =
          new BufferedInputStream(
              length == Long.MAX_VALUE ? whole : new Limited(whole, length), READ_BUFFER);
    } catch (IOException e) {
      throw new InputFileException(file, "cannot read: " + e.getMessage(), e);
    }
    try {
      int look = UTF8_BOM.length + LFS_POINTER.length();
      in.mark(look);
      byte[] head = in.readNBytes(look);
      in.reset();
      int bom = Arrays.equals(head, 0, Math.min(head.length, 3), UTF8_BOM, 0, 3) ? 3 : 0;
      if (new String(head, bom, head.length - bom, StandardCharsets.UTF_8)
          .startsWith(LFS_POINTER)) {
        throw new InputFileException(
            file, "is a Git LFS pointer, not the file itself: run 'git lfs pull' first");
      }
      in.skipNBytes(bom);
      boolean ascii = true;
      for (int i = bom; i < Math.min(head.length, bom + 4); i++) {
        ascii &= head[i] > 0;
      }
      return new Bytes(in, ascii);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * The file read by {@link TrainerStateScanner} when it is of the plain shape transformers writes;
   * null otherwise (the parser reads it then). Its failures are the parser's to word: a file that
   * cannot be opened or read is null here too.
   */
  private static Read scanned(Path file, boolean lines, long length) {
    String shown = file.getFileName().toString();
    TrainerLog log = new TrainerLog(shown, lines ? LINES_NOUN : HISTORY);
    Map<String, byte[]> raw;
    try (InputStream in = bytes(file, length).in()) {
      raw = TrainerStateScanner.read(in, log, lines);
    } catch (IOException | InputFileException e) {
      return null;
    }
    if (raw == null) {
      return null;
    }
    ObjectNode top = JSON.createObjectNode();
    try {
      for (Map.Entry<String, byte[]> field : raw.entrySet()) {
        top.set(field.getKey(), JSON.readTree(field.getValue()));
      }
    } catch (IOException e) {
      return null; // a top-level value that is not JSON: the parser says where
    }
    return new Read(log, top);
  }

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /** The first bytes of a stream, up to a length (a log without its cut last line). */
  private static final class Limited extends FilterInputStream {
    private long left;

    Limited(InputStream in, long length) {
      super(in);
      left = length;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      left -= b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return len == 0 ? 0 : -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      left -= Math.max(n, 0);
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(Math.min(n, left));
      left -= skipped;
      return skipped;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), left);
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }

  /** Entries one after another (JSON lines) from the token {@code t} to the end of the file. */
  private static void entries(JsonParser p, JsonToken t, TrainerLog log, boolean asText)
      throws IOException {
    for (; t != null; t = p.nextToken()) {
      entry(p, t, log, asText);
    }
  }

  /**
   * From the bytes, the entries below the parser's current level are read without its check for
   * repeated keys ({@link #parsed}).
   */
  private static void fast(JsonParser p, boolean asText) {
    if (!asText) {
      p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
  }

  /** The bytes cannot be read as fast as they are: read the text, with every check. */
  private static final class TextNeeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TextNeeded() {
      super(null, null, false, false);
    }
  }

  /**
   * One entry from its first token {@code t} into {@code log}, field by field: numbers as doubles,
   * text, null; a step ({@code step}, or LLaMA-Factory's {@code current_steps}) as a whole number
   * or a node, so that a step that is not one is shown as written.
   */
  private static void entry(JsonParser p, JsonToken t, TrainerLog log, boolean asText)
      throws IOException {
    if (!asText && t == JsonToken.START_ARRAY) {
      throw new TextNeeded();
    }
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      log.notAnObject();
      return;
    }
    log.begin();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      TrainerLog.Key key = log.key(p.currentName());
      JsonToken v = p.nextToken();
      if (!asText && (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY)) {
        throw new TextNeeded();
      }
      if (key.step) {
        if (v == JsonToken.VALUE_NUMBER_INT
            && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          log.whole(key, p.getLongValue());
        } else {
          log.node(key, VALUE.readTree(p));
        }
        continue;
      }
      switch (v) {
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> log.number(key, p.getDoubleValue());
        case VALUE_STRING -> log.text(key, p.getText());
        case VALUE_NULL -> log.empty(key);
        default -> {
          p.skipChildren();
          log.other(key);
        }
      }
    }
    if (!asText && log.repeated()) {
      throw new TextNeeded();
    }
    log.end();
  }

  /** Fails when anything follows the document (a second value, a stray bracket). */
  private static void nothingAfter(JsonParser p, Path file) throws IOException {
    if (p.nextToken() != null) {
      throw after(p, file);
    }
  }

  private static InputFileException after(JsonParser p, Path file) {
    var loc = p.currentTokenLocation();
    return new InputFileException(
        file,
        loc.getLineNr(),
        loc.getColumnNr(),
        "not JSON: unexpected content after the end of the document");
  }

  private static Run build(Read read, Path stateFile, Path runDir) {
    ObjectNode root = read.top();
    long globalStep = root.path("global_step").asLong(0);
    long maxSteps = root.path("max_steps").asLong(0);
    // LLaMA-Factory's log has no top-level fields: each entry says the planned total
    // (total_steps) and how far training came (current_steps)
    boolean progressLog = maxSteps == 0 && read.log().totalSteps() > 0;
    if (progressLog) {
      maxSteps = read.log().totalSteps();
      globalStep = read.log().lastStep();
    }
    boolean summary = read.log().sawSummary();
    boolean reachedMax = maxSteps > 0 && globalStep >= maxSteps;
    boolean finished = summary || reachedMax;
    List<String> more = new ArrayList<>();
    if (read.cutLine() != null) {
      more.add(read.cutLine());
    }
    if (progressLog) {
      // such a log never has a final summary entry: only a run short of its total is worth a word
      if (!finished) {
        more.add(
            stateFile.getFileName()
                + ": current_steps "
                + globalStep
                + " of total_steps "
                + maxSteps
                + ": the run had not finished when this was written");
      }
    } else if (!summary) {
      more.add(
          stateFile.getFileName()
              + ": no final summary entry (train_runtime): "
              + (reachedMax
                  ? "global_step reached max_steps ("
                      + maxSteps
                      + "), so training is read as finished"
                  : "the run had not finished when this was written"));
    }
    TrainerLog.Table logged = read.log().table(stateFile, key -> describe(key, root), more);
    // the planned total, as a job's total_steps: an unfinished run is that far along, not done
    ResultTable table = maxSteps > 0 ? logged.table().withTotalSteps(maxSteps) : logged.table();
    Map<String, Boolean> found = new LinkedHashMap<>();
    Map<String, String> hyper = hyperparameters(root, runDir, found);
    String name =
        runDir.toAbsolutePath().normalize().getFileName() == null
            ? "run"
            : runDir.toAbsolutePath().normalize().getFileName().toString();
    String base = baseModel(runDir);
    Job job =
        new Job(
            name,
            finished ? "succeeded" : "running",
            base,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            "supervised",
            hyper,
            null,
            hyper.containsKey("seed") ? parseLong(hyper.get("seed")) : null,
            null,
            null,
            Map.of());
    String best = bestCheckpoint(root);
    long lastStep = table.rows() == 0 ? 0 : table.table().lastStep();
    // a checkpoint's own state is read in the run folder: later checkpoints were not there yet
    List<Checkpoint> checkpoints =
        checkpoints(runDir, name, logged).stream().filter(c -> c.stepNumber() <= lastStep).toList();
    JobData data = new JobData(job, List.of(), checkpoints, table, name);
    return new Run(name, stateFile, data, logged.sources(), found, best);
  }

  /** What a key of an entry is in the Trainer's terms, for the report's sources. */
  private static String describe(String key, JsonNode root) {
    if (key.equals("loss")) {
      JsonNode ls = root.get("logging_steps");
      return "loss: training loss averaged over each logging interval"
          + (ls != null && ls.isNumber() ? " (logging_steps " + ls.asText() + ")" : "");
    }
    if (key.equals("epoch")) {
      return EPOCH_SOURCE;
    }
    if (key.startsWith("eval_")) {
      return key + ": full pass over the eval set";
    }
    return key;
  }

  /**
   * The hyperparameters the run states: from {@code trainer_state.json} itself, then from {@code
   * adapter_config.json} (PEFT/LoRA), {@code config.json} (the model) and a {@code trainer_config}
   * ({@code .json}) beside it when present; {@code found} tells which files were there.
   */
  private static Map<String, String> hyperparameters(
      JsonNode root, Path runDir, Map<String, Boolean> found) {
    Map<String, String> h = new TreeMap<>();
    for (String k :
        List.of(
            "num_train_epochs",
            "max_steps",
            "train_batch_size",
            "logging_steps",
            "eval_steps",
            "save_steps",
            "gradient_accumulation_steps")) {
      JsonNode v = root.get(k);
      if (v != null && v.isValueNode() && !v.isNull()) {
        h.put(k, v.asText());
      }
    }
    found.put(FILE, true);
    JsonNode adapter = optionalJson(runDir.resolve("adapter_config.json"));
    found.put("adapter_config.json", adapter != null);
    if (adapter != null) {
      for (String k :
          List.of("peft_type", "r", "lora_alpha", "lora_dropout", "base_model_name_or_path")) {
        JsonNode v = adapter.get(k);
        if (v != null && v.isValueNode() && !v.isNull()) {
          h.put(k.equals("r") ? "lora_r" : k, v.asText());
        }
      }
      JsonNode targets = adapter.get("target_modules");
      if (targets != null && targets.isArray()) {
        List<String> t = new ArrayList<>();
        targets.forEach(x -> t.add(x.asText()));
        h.put("target_modules", String.join(",", t.stream().sorted().toList()));
      }
    }
    JsonNode config = optionalJson(runDir.resolve("config.json"));
    found.put("config.json", config != null);
    if (config != null) {
      for (String k : List.of("model_type", "torch_dtype", "_name_or_path")) {
        JsonNode v = config.get(k);
        if (v != null && v.isValueNode() && !v.isNull()) {
          h.put(k.equals("_name_or_path") ? "model_name_or_path" : k, v.asText());
        }
      }
    }
    JsonNode trainer = optionalJson(runDir.resolve("trainer_config.json"));
    found.put("trainer_config.json", trainer != null);
    if (trainer != null) {
      for (String k :
          List.of(
              "learning_rate",
              "lr_scheduler_type",
              "warmup_ratio",
              "warmup_steps",
              "weight_decay",
              "per_device_train_batch_size",
              "num_train_epochs",
              "seed",
              "optim")) {
        JsonNode v = trainer.get(k);
        if (v != null && v.isValueNode() && !v.isNull()) {
          h.put(k, v.asText());
        }
      }
    }
    return h;
  }

  private static String baseModel(Path runDir) {
    JsonNode adapter = optionalJson(runDir.resolve("adapter_config.json"));
    if (adapter != null && adapter.path("base_model_name_or_path").isTextual()) {
      return adapter.path("base_model_name_or_path").asText();
    }
    JsonNode config = optionalJson(runDir.resolve("config.json"));
    if (config != null && config.path("_name_or_path").isTextual()) {
      return config.path("_name_or_path").asText();
    }
    return null;
  }

  /** A JSON file beside the state, or null when it is absent; a broken one is an error (exit 5). */
  private static JsonNode optionalJson(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).replaceFirst("^\uFEFF", "");
    } catch (IOException e) {
      throw new InputFileException(file, "cannot read: " + e.getMessage(), e);
    }
    JsonNode n = json(file, text);
    return n != null && n.isObject() ? n : null;
  }

  /**
   * {@code text} (the content of {@code file}) parsed leniently; broken JSON names its line and
   * column.
   */
  private static JsonNode json(Path file, String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonParseException e) {
      throw notJson(file, e);
    } catch (IOException e) {
      throw new InputFileException(file, "not JSON: " + e.getMessage(), e);
    }
  }

  /**
   * {@code best_model_checkpoint}'s last element (a path from any machine, Windows too) and the
   * best metric.
   */
  private static String bestCheckpoint(JsonNode root) {
    JsonNode b = root.get("best_model_checkpoint");
    if (b == null || !b.isTextual() || b.asText().isBlank()) {
      return null;
    }
    String p = b.asText().replace('\\', '/');
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    String last = p.substring(p.lastIndexOf('/') + 1);
    JsonNode metric = root.get("best_metric");
    return last
        + (metric != null && metric.isNumber() ? " (best_metric " + metric.asText() + ")" : "");
  }

  /** One checkpoint per {@code checkpoint-N} folder, with the eval metrics logged at step N. */
  private static List<Checkpoint> checkpoints(Path runDir, String runName, TrainerLog.Table read) {
    List<Checkpoint> out = new ArrayList<>();
    Path archived = runDir.resolve(JobInputs.CHECKPOINTS);
    if (checkpointDirs(runDir).isEmpty() && Files.isRegularFile(archived)) {
      // a run in the archive keeps the checkpoints its folders showed
      return dev.openaift.job.JobFiles.readCheckpoints(archived);
    }
    for (Map.Entry<Long, Path> c : checkpointDirs(runDir).entrySet()) {
      Map<String, Double> m =
          read.at(
              c.getKey(),
              name -> name.startsWith("full_valid_") || name.equals(Canonical.TRAIN_LOSS));
      String id = c.getValue().getFileName().toString();
      out.add(new Checkpoint(id, 0, id, runName, c.getKey(), m));
    }
    return out;
  }

  private static Long parseLong(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
