package dev.openaift.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.AppendOnly;
import dev.openaift.io.InputFileException;
import dev.openaift.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code judge.jsonl}: every judge reply, appended and synced the moment it arrives, so a rerun
 * asks the judge only what it has not answered yet (no call is paid twice). One JSON object per
 * line, sorted keys: {@code index}, {@code judge}, {@code model_a}, {@code model_b}, {@code order}
 * ({@code a_first} or {@code b_first}), {@code prompt_sha256} (of the messages sent), {@code
 * reply}. A last line without its line break (a killed run) is cut off when the log is opened.
 */
public final class JudgeLog implements AutoCloseable {
  public static final String FILE = "judge.jsonl";
  private static final ObjectMapper JSON = Json.mapper();

  private final FileChannel channel;
  private final Map<String, String> replies = new HashMap<>();
  private long end;

  private JudgeLog(FileChannel channel) {
    this.channel = channel;
  }

  /** Opens (creating) {@code dir/judge.jsonl} and loads its replies. */
  public static JudgeLog open(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      Files.createDirectories(dir);
      FileChannel ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      JudgeLog log = new JudgeLog(ch);
      byte[] bytes = Files.readAllBytes(file);
      int lineStart = 0;
      int lineNo = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          lineNo++;
          String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8).strip();
          if (!line.isEmpty()) {
            try {
              JsonNode n = JSON.readTree(line);
              log.replies.put(
                  key(
                      n.path("judge").asText(),
                      n.path("model_a").asText(),
                      n.path("model_b").asText(),
                      n.path("index").asInt(),
                      n.path("order").asText(),
                      n.path("prompt_sha256").asText()),
                  n.path("reply").asText());
            } catch (JsonProcessingException e) {
              ch.close();
              throw new InputFileException(
                  file, lineNo, 0, "not a judge reply: " + e.getOriginalMessage());
            }
          }
          lineStart = i + 1;
        }
      }
      log.end = lineStart;
      if (lineStart < bytes.length) {
        ch.truncate(lineStart); // half a line from a killed run
      }
      return log;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  private static String key(
      String judge, String a, String b, int index, String order, String promptHash) {
    return judge
        + '\u0000'
        + a
        + '\u0000'
        + b
        + '\u0000'
        + index
        + '\u0000'
        + order
        + '\u0000'
        + promptHash;
  }

  /** The reply recorded for this question, or null. */
  public synchronized String reply(
      String judge, String a, String b, int index, String order, String promptHash) {
    return replies.get(key(judge, a, b, index, order, promptHash));
  }

  public synchronized void append(
      String judge, String a, String b, int index, String order, String promptHash, String reply) {
    Map<String, Object> m = new TreeMap<>();
    m.put("index", index);
    m.put("judge", judge);
    m.put("model_a", a);
    m.put("model_b", b);
    m.put("order", order);
    m.put("prompt_sha256", promptHash);
    m.put("reply", reply);
    try {
      byte[] line = (JSON.writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8);
      end = AppendOnly.appendSynced(channel, end, line);
      replies.put(key(judge, a, b, index, order, promptHash), reply);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + FILE + ": " + e.getMessage(), e);
    }
  }

  public synchronized int size() {
    return replies.size();
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing was pending: every append was forced
    }
  }
}
