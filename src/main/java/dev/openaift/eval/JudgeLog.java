package dev.openaift.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.Json;
import dev.openaift.io.JsonLinesLog;
import dev.openaift.io.ShownPath;
import dev.openaift.record.RecordingConflictException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code judge.jsonl}: every judge reply, appended and synced the moment it arrives, so a rerun
 * asks the judge only what it has not answered yet (no call is paid twice). One JSON object per
 * line, sorted keys: {@code index}, {@code judge}, {@code model_a}, {@code model_b}, {@code order}
 * ({@code a_first} or {@code b_first}), {@code prompt_sha256} (of the messages sent), {@code
 * reply}. A {@link JsonLinesLog}: held by one run at a time (a second run judging into the same
 * folder is refused instead of paying for the same questions and writing over the first one's
 * lines), and a last line without its line break (a killed run) is cut off when it is not whole.
 */
public final class JudgeLog implements AutoCloseable {
  public static final String FILE = "judge.jsonl";
  private static final ObjectMapper JSON = Json.mapper();

  /** One reply and the question it answers. */
  record Reply(
      String judge, String a, String b, int index, String order, String promptHash, String reply) {
    String key() {
      return JudgeLog.key(judge, a, b, index, order, promptHash);
    }

    /** The question without its prompt: what an estimate can know before the answers exist. */
    String question() {
      return JudgeLog.question(judge, a, b, index, order);
    }
  }

  private final JsonLinesLog<String, Reply> log;
  private final Set<String> questions = new HashSet<>();

  private JudgeLog(JsonLinesLog<String, Reply> log) {
    this.log = log;
    log.entries().forEach(r -> questions.add(r.question()));
  }

  /**
   * Opens (creating) {@code dir/judge.jsonl} and loads its replies.
   *
   * @throws RecordingConflictException when another run is judging into {@code dir}
   */
  public static JudgeLog open(Path dir) {
    Path file = dir.resolve(FILE);
    return new JudgeLog(
        JsonLinesLog.open(
            file,
            new JsonLinesLog.Codec<String, Reply>() {
              @Override
              public Reply parse(String line) {
                try {
                  JsonNode n = JSON.readTree(line);
                  if (n == null || !n.isObject() || !n.path("reply").isTextual()) {
                    throw new IllegalArgumentException("no reply in it");
                  }
                  return new Reply(
                      n.path("judge").asText(),
                      n.path("model_a").asText(),
                      n.path("model_b").asText(),
                      n.path("index").asInt(),
                      n.path("order").asText(),
                      n.path("prompt_sha256").asText(),
                      n.path("reply").asText());
                } catch (JsonProcessingException e) {
                  throw new IllegalArgumentException(e.getOriginalMessage(), e);
                }
              }

              @Override
              public String line(Reply r) {
                Map<String, Object> m = new TreeMap<>();
                m.put("index", r.index());
                m.put("judge", r.judge());
                m.put("model_a", r.a());
                m.put("model_b", r.b());
                m.put("order", r.order());
                m.put("prompt_sha256", r.promptHash());
                m.put("reply", r.reply());
                try {
                  return JSON.writeValueAsString(m);
                } catch (JsonProcessingException e) {
                  throw new IllegalStateException("cannot write a judge reply as JSON", e);
                }
              }

              @Override
              public String key(Reply r) {
                return r.key();
              }
            },
            () ->
                new RecordingConflictException(
                    "another openai-ft run is judging into "
                        + ShownPath.of(dir)
                        + " right now; wait for it to end (a rerun afterwards asks the judge only"
                        + " what is left)"),
            null,
            why -> "not a judge reply (" + why + "); delete this line and run again to ask anew"));
  }

  private static String key(
      String judge, String a, String b, int index, String order, String promptHash) {
    return question(judge, a, b, index, order) + '\u0000' + promptHash;
  }

  private static String question(String judge, String a, String b, int index, String order) {
    return judge + '\u0000' + a + '\u0000' + b + '\u0000' + index + '\u0000' + order;
  }

  /** The reply recorded for this question, or null. */
  public synchronized String reply(
      String judge, String a, String b, int index, String order, String promptHash) {
    Reply r = log.get(key(judge, a, b, index, order, promptHash));
    return r == null ? null : r.reply();
  }

  /**
   * Whether this judge already answered this question about this pair in this order, whatever the
   * answers were (what an estimate made before the answers exist counts as free).
   */
  public synchronized boolean answered(String judge, String a, String b, int index, String order) {
    return questions.contains(question(judge, a, b, index, order));
  }

  public synchronized void append(
      String judge, String a, String b, int index, String order, String promptHash, String reply) {
    Reply r = new Reply(judge, a, b, index, order, promptHash, reply);
    log.append(r);
    questions.add(r.question());
  }

  public synchronized int size() {
    return log.size();
  }

  @Override
  public synchronized void close() {
    log.close();
  }
}
