package dev.openaift.prepare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.job.InputFileException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a fine-tuning JSONL file the way OpenAI's data-preparation cookbook does, in one streaming
 * pass: each line is parsed, validated, tokenized with one reused encoding and hashed for duplicate
 * detection; nothing but per-example counts is kept, so files of 100,000 examples take seconds.
 *
 * <p>Rules (one finding per kind per line):
 *
 * <ul>
 *   <li>Blank lines are skipped (info). Every other line is an example.
 *   <li>The file's format is decided by the first object with {@code messages} (chat) or {@code
 *       input}/{@code preferred_output}/{@code non_preferred_output} (DPO); later lines of the other
 *       shape are {@link IssueKind#FORMAT_MISMATCH}.
 *   <li>Chat: top-level keys {@value #CHAT_KEYS_DOC}; a non-empty {@code messages} list with at least
 *       one assistant message. DPO: top-level keys {@value #DPO_KEYS_DOC}; {@code input.messages} a
 *       non-empty list; each output a non-empty list of assistant messages.
 *   <li>Messages: keys {@value #MESSAGE_KEYS_DOC}; roles {@value #ROLES_DOC}; content a non-empty
 *       string or list of parts, unless the message has {@code tool_calls}, {@code function_call} or a
 *       {@code refusal}; {@code weight} 0 or 1.
 *   <li>Fewer than 10 examples is an error; examples over the model's context limit, and examples
 *       identical to an earlier one (same JSON value, whatever the key order or spacing), are
 *       warnings; examples without a system (or developer) message are info.
 * </ul>
 */
public final class DatasetChecker {
  /** The service rejects files with fewer examples. */
  public static final int MIN_EXAMPLES = 10;

  static final String CHAT_KEYS_DOC = "messages, tools, functions, parallel_tool_calls, metadata";
  static final String DPO_KEYS_DOC = "input, preferred_output, non_preferred_output, metadata";
  static final String MESSAGE_KEYS_DOC =
      "role, content, name, weight, tool_calls, function_call, tool_call_id, refusal";
  static final String ROLES_DOC = "system, developer, user, assistant, tool, function";

  private static final Set<String> CHAT_KEYS = setOf(CHAT_KEYS_DOC);
  private static final Set<String> DPO_KEYS = setOf(DPO_KEYS_DOC);
  private static final Set<String> DPO_INPUT_KEYS =
      setOf("messages, tools, functions, parallel_tool_calls");
  private static final Set<String> MESSAGE_KEYS = setOf(MESSAGE_KEYS_DOC);
  private static final Set<String> ROLES = setOf(ROLES_DOC);
  private static final int BINARY_PROBE_BYTES = 8192;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final PrepareOptions options;
  private final ModelMatch model;
  private final TokenCounter tokens;
  private final IssueCollector issues;
  private final DuplicateFinder duplicates = new DuplicateFinder();

  private DatasetFormat format = DatasetFormat.UNKNOWN;
  private long lineNo;
  private long blank;
  private long examples;
  private int valid;
  private int[] messageCounts = new int[1024];
  private int[] tokenCounts = new int[1024];
  private int[] assistantCounts = new int[1024];
  private long billedPerEpoch;

  // Per-line results of the validation, read by record().
  private final EnumSet<IssueKind> found = EnumSet.noneOf(IssueKind.class);
  private int lineMessages;
  private int lineTokens;
  private int lineSequenceTokens;
  private int lineAssistantTokens;

  private DatasetChecker(PrepareOptions options) {
    this.options = options;
    this.model = options.catalog().resolve(options.model());
    this.tokens = new TokenCounter(model.encoding());
    this.issues = new IssueCollector(options.maxLines());
  }

  /**
   * Checks one file.
   *
   * @throws InputFileException when the file is missing, a directory, unreadable, binary or not UTF-8
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
    try (Utf8Lines reader = new Utf8Lines(Files.newInputStream(file))) {
      String line;
      while (true) {
        try {
          line = reader.next();
        } catch (CharacterCodingException e) {
          throw new InputFileException(file, lineNo + 1, 0, "not UTF-8 text", e);
        }
        if (line == null) {
          break;
        }
        lineNo++;
        if (lineNo == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        checkLine(line);
      }
    } catch (NoSuchFileException e) {
      throw new InputFileException(file, "no such file");
    } catch (AccessDeniedException e) {
      throw new InputFileException(file, "permission denied");
    } catch (IOException e) {
      throw new InputFileException(file, "cannot read: " + e.getMessage(), e);
    }
  }

  private static void probeBinary(Path file) {
    byte[] head = new byte[BINARY_PROBE_BYTES];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (NoSuchFileException e) {
      throw new InputFileException(file, "no such file");
    } catch (AccessDeniedException e) {
      throw new InputFileException(file, "permission denied");
    } catch (IOException e) {
      throw new InputFileException(file, "cannot read: " + e.getMessage(), e);
    }
    for (int i = 0; i < n; i++) {
      if (head[i] == 0) {
        throw new InputFileException(file, "binary file, not JSON lines text");
      }
    }
  }

  private void checkLine(String line) {
    if (line.isBlank()) {
      blank++;
      issues.add(IssueKind.BLANK_LINE, lineNo);
      return;
    }
    examples++;
    found.clear();
    lineMessages = 0;
    lineTokens = 0;
    lineSequenceTokens = 0;
    lineAssistantTokens = 0;
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      found.add(IssueKind.NOT_JSON);
      record();
      return;
    }
    if (!node.isObject()) {
      found.add(IssueKind.NOT_OBJECT);
      record();
      return;
    }
    if (duplicates.seenBefore(node)) {
      found.add(IssueKind.DUPLICATE);
    }
    DatasetFormat shape = shapeOf(node);
    if (format == DatasetFormat.UNKNOWN && shape != DatasetFormat.UNKNOWN) {
      format = shape;
    }
    if (shape == DatasetFormat.UNKNOWN) {
      found.add(format == DatasetFormat.DPO ? IssueKind.BAD_DPO : IssueKind.NO_MESSAGES);
      if (format == DatasetFormat.DPO) {
        issues.value(IssueKind.BAD_DPO, "no input");
      }
    } else if (shape != format) {
      found.add(IssueKind.FORMAT_MISMATCH);
      issues.value(IssueKind.FORMAT_MISMATCH, shape.label());
    } else if (shape == DatasetFormat.CHAT) {
      checkChat(node);
    } else {
      checkDpo(node);
    }
    record();
  }

  private static DatasetFormat shapeOf(JsonNode node) {
    if (node.has("input") || node.has("preferred_output") || node.has("non_preferred_output")) {
      return DatasetFormat.DPO;
    }
    return node.has("messages") ? DatasetFormat.CHAT : DatasetFormat.UNKNOWN;
  }

  private void checkChat(JsonNode node) {
    unknownKeys(node, CHAT_KEYS, "", IssueKind.UNKNOWN_TOP_LEVEL_KEY);
    JsonNode messages = node.get("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      found.add(IssueKind.NO_MESSAGES);
      return;
    }
    boolean assistant = false;
    boolean system = false;
    for (JsonNode m : messages) {
      String role = checkMessage(m);
      assistant |= "assistant".equals(role);
      system |= "system".equals(role) || "developer".equals(role);
    }
    if (!assistant) {
      found.add(IssueKind.NO_ASSISTANT);
    }
    if (!system) {
      found.add(IssueKind.NO_SYSTEM);
    }
    if (hasError()) {
      return;
    }
    lineMessages = messages.size();
    int n = TokenCounter.REPLY_PRIMING + definitions(node);
    for (JsonNode m : messages) {
      n += tokens.message(m);
      if ("assistant".equals(m.get("role").asText())) {
        lineAssistantTokens += trained(m);
      }
    }
    lineTokens = n;
    lineSequenceTokens = n;
  }

  private void checkDpo(JsonNode node) {
    unknownKeys(node, DPO_KEYS, "", IssueKind.UNKNOWN_TOP_LEVEL_KEY);
    JsonNode input = node.get("input");
    JsonNode inputMessages = input == null ? null : input.get("messages");
    boolean system = false;
    if (input == null || !input.isObject()) {
      badDpo("input is not an object");
    } else if (inputMessages == null || !inputMessages.isArray() || inputMessages.isEmpty()) {
      badDpo("input.messages is not a non-empty list");
    } else {
      unknownKeys(input, DPO_INPUT_KEYS, "input.", IssueKind.UNKNOWN_TOP_LEVEL_KEY);
      for (JsonNode m : inputMessages) {
        String role = checkMessage(m);
        system |= "system".equals(role) || "developer".equals(role);
      }
    }
    JsonNode preferred = checkOutput(node, "preferred_output");
    JsonNode rejected = checkOutput(node, "non_preferred_output");
    if (!system && inputMessages != null && inputMessages.isArray()) {
      found.add(IssueKind.NO_SYSTEM);
    }
    if (hasError()) {
      return;
    }
    int in = TokenCounter.REPLY_PRIMING + definitions(input);
    for (JsonNode m : inputMessages) {
      in += tokens.message(m);
    }
    int good = 0;
    for (JsonNode m : preferred) {
      good += tokens.message(m);
      lineAssistantTokens += trained(m);
    }
    int bad = 0;
    for (JsonNode m : rejected) {
      bad += tokens.message(m);
      lineAssistantTokens += trained(m);
    }
    lineMessages = inputMessages.size() + preferred.size() + rejected.size();
    lineTokens = in + good + bad;
    lineSequenceTokens = in + Math.max(good, bad);
  }

  private JsonNode checkOutput(JsonNode node, String field) {
    JsonNode out = node.get(field);
    if (out == null || !out.isArray() || out.isEmpty()) {
      badDpo(field + " is not a non-empty list");
      return out;
    }
    for (JsonNode m : out) {
      String role = checkMessage(m);
      if (role != null && !"assistant".equals(role)) {
        badDpo(field + " has a " + role + " message");
      }
    }
    return out;
  }

  private void badDpo(String why) {
    found.add(IssueKind.BAD_DPO);
    issues.value(IssueKind.BAD_DPO, why);
  }

  /** Validates one message; returns its role, or null when it has no usable role. */
  private String checkMessage(JsonNode m) {
    if (!m.isObject()) {
      found.add(IssueKind.MALFORMED_MESSAGE);
      issues.value(IssueKind.MALFORMED_MESSAGE, "message is " + typeName(m));
      return null;
    }
    unknownKeys(m, MESSAGE_KEYS, "", IssueKind.UNKNOWN_MESSAGE_KEY);
    JsonNode roleNode = m.get("role");
    String role = null;
    if (roleNode == null || !roleNode.isTextual()) {
      found.add(IssueKind.MALFORMED_MESSAGE);
      issues.value(IssueKind.MALFORMED_MESSAGE, "no text role");
    } else {
      role = roleNode.asText();
      if (!ROLES.contains(role)) {
        found.add(IssueKind.UNKNOWN_ROLE);
        issues.value(IssueKind.UNKNOWN_ROLE, role);
      }
    }
    JsonNode content = m.get("content");
    boolean empty =
        content == null
            || content.isNull()
            || (content.isTextual() && content.asText().isEmpty())
            || (content.isArray() && content.isEmpty());
    if (empty) {
      if (!present(m, "tool_calls") && !present(m, "function_call") && !present(m, "refusal")) {
        found.add(IssueKind.MISSING_CONTENT);
      }
    } else if (content.isArray()) {
      for (JsonNode part : content) {
        boolean text = part.isObject() && "text".equals(part.path("type").asText());
        if (!part.isObject() || (text && !part.path("text").isTextual())) {
          found.add(IssueKind.MALFORMED_MESSAGE);
          issues.value(IssueKind.MALFORMED_MESSAGE, "bad content part");
        }
      }
    } else if (!content.isTextual()) {
      found.add(IssueKind.MALFORMED_MESSAGE);
      issues.value(IssueKind.MALFORMED_MESSAGE, "content is " + typeName(content));
    }
    JsonNode weight = m.get("weight");
    boolean binary = weight != null && weight.isNumber()
        && (weight.asDouble() == 0.0 || weight.asDouble() == 1.0);
    if (weight != null && !binary) {
      found.add(IssueKind.BAD_WEIGHT);
      issues.value(IssueKind.BAD_WEIGHT, weight.toString());
    }
    return role;
  }

  private static String typeName(JsonNode n) {
    return n.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static boolean present(JsonNode m, String field) {
    JsonNode v = m.get(field);
    return v != null && !v.isNull();
  }

  private void unknownKeys(JsonNode node, Set<String> allowed, String prefix, IssueKind kind) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        found.add(kind);
        issues.value(kind, prefix + name);
      }
    }
  }

  /** Tokens of the tool or function definitions an example carries. */
  private int definitions(JsonNode holder) {
    return tokens.textOf(holder.get("tools")) + tokens.textOf(holder.get("functions"));
  }

  /** Tokens trained on in an assistant message: 0 when its weight is 0. */
  private int trained(JsonNode m) {
    JsonNode weight = m.get("weight");
    if (weight != null && weight.asDouble() == 0.0) {
      return 0;
    }
    return tokens.content(m.get("content"))
        + tokens.textOf(m.get("tool_calls"))
        + tokens.textOf(m.get("function_call"));
  }

  private boolean hasError() {
    for (IssueKind k : found) {
      if (k.severity() == Severity.ERROR) {
        return true;
      }
    }
    return false;
  }

  private void record() {
    if (!hasError()) {
      model
          .info()
          .ifPresentOrElse(
              info -> {
                if (lineSequenceTokens > info.contextTokens()) {
                  found.add(IssueKind.TOO_LONG);
                }
                billedPerEpoch += Math.min(lineTokens, info.contextTokens());
              },
              () -> billedPerEpoch += lineTokens);
      if (valid == tokenCounts.length) {
        int size = valid * 2;
        messageCounts = Arrays.copyOf(messageCounts, size);
        tokenCounts = Arrays.copyOf(tokenCounts, size);
        assistantCounts = Arrays.copyOf(assistantCounts, size);
      }
      messageCounts[valid] = lineMessages;
      tokenCounts[valid] = lineTokens;
      assistantCounts[valid] = lineAssistantTokens;
      valid++;
    }
    for (IssueKind k : found) {
      issues.add(k, lineNo);
    }
  }

  private PrepareReport report(Path file) {
    if (examples < MIN_EXAMPLES) {
      issues.fileLevel(IssueKind.TOO_FEW_EXAMPLES, examples);
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

  private static Set<String> setOf(String commaSeparated) {
    return Set.copyOf(new HashSet<>(Arrays.asList(commaSeparated.split(",\\s*"))));
  }
}
