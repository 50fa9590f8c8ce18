package dev.openaift.distill;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.openaift.api.ChatMessage;
import dev.openaift.api.Endpoint;
import dev.openaift.io.Json;
import dev.openaift.record.ChatData;
import dev.openaift.record.ChatExample;
import dev.openaift.record.RecordedAnswer;
import dev.openaift.record.Recording;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The examples of a distillation set and their split. Each prompt appears once (a repeated prompt
 * keeps its first answer); the split is a seeded shuffle, so the same source and seed give the same
 * files; each part keeps the source's order.
 *
 * @param source what the examples came from, for the manifest and the README
 * @param examples the usable examples, in the source's order
 * @param repeats prompts left out because an earlier example had the same prompt
 * @param unanswered examples of the data file with no recorded answer (a recording only)
 * @param truncated answers cut by the token limit ({@code finish_reason} {@code length}), kept
 */
public record DistillSet(
    Source source, List<Example> examples, int repeats, int unanswered, int truncated) {

  /**
   * Where the examples came from.
   *
   * @param kind {@code recording} or {@code job}
   * @param model the recorded model, or the job's fine-tuned model (may be null)
   * @param dataSha256 the data file's sha256 (the recording's, or the backed-up file's)
   * @param dataFile the data file's name as recorded, or the backed-up copy's path
   * @param origin the recording's folder, or the job id
   * @param endpoint where the recording's answers came from, or null for a job
   */
  public record Source(
      String kind,
      String model,
      String dataSha256,
      String dataFile,
      String origin,
      Endpoint endpoint) {}

  /**
   * One prompt and the answer to train on.
   *
   * @param index the example's index in the data file
   * @param promptHash the prompt's hash (as recordings compute it)
   * @param prompt the messages before the answer
   * @param answer the recorded (or training) answer, exactly
   */
  public record Example(int index, String promptHash, List<ChatMessage> prompt, String answer) {}

  /** The three parts, each in the source's order. */
  public record Split(List<Example> train, List<Example> validation, List<Example> holdout) {}

  /** A recording's answers as training examples: the prompt as sent, the answer as recorded. */
  public static DistillSet fromRecording(Recording rec) {
    List<Example> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int repeats = 0;
    int truncated = 0;
    for (RecordedAnswer a : rec.answers()) {
      if (!seen.add(a.promptHash())) {
        repeats++;
        continue;
      }
      if ("length".equals(a.finishReason())) {
        truncated++;
      }
      out.add(new Example(a.index(), a.promptHash(), a.request().messages(), a.answer()));
    }
    int unanswered = Math.max(0, rec.header().examples() - rec.answers().size());
    Source source =
        new Source(
            "recording",
            rec.header().model(),
            rec.header().dataSha256(),
            rec.header().dataFile(),
            rec.dir().toString(),
            rec.header().endpoint());
    return new DistillSet(source, out, repeats, unanswered, truncated);
  }

  /** A training file's examples as they are (a job's backed-up training file). */
  public static DistillSet fromTrainingFile(ChatData data, String jobId, String model) {
    List<Example> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int repeats = 0;
    for (ChatExample e : data.examples()) {
      if (!seen.add(e.promptHash())) {
        repeats++;
        continue;
      }
      out.add(new Example(e.index(), e.promptHash(), e.prompt(), e.expected()));
    }
    Source source = new Source("job", model, data.sha256(), data.file().toString(), jobId, null);
    return new DistillSet(source, out, repeats, 0, 0);
  }

  /**
   * Splits the examples: {@code holdoutFraction} of them (at least one when the fraction is above
   * 0) kept out for evaluation, {@code validationFraction} (likewise) for validation, the rest for
   * training.
   *
   * @throws IllegalArgumentException when fewer than one training example would remain
   */
  public Split split(long seed, double validationFraction, double holdoutFraction) {
    int n = examples.size();
    int holdout = share(n, holdoutFraction);
    int validation = share(n, validationFraction);
    if (n - holdout - validation < 1) {
      throw new IllegalArgumentException(
          n
              + " distinct prompts are too few for "
              + holdout
              + " hold-out and "
              + validation
              + " validation examples and at least one to train on");
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    Set<Integer> held = new HashSet<>(order.subList(0, holdout));
    Set<Integer> valid = new HashSet<>(order.subList(holdout, holdout + validation));
    List<Example> tr = new ArrayList<>();
    List<Example> va = new ArrayList<>();
    List<Example> ho = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      (held.contains(i) ? ho : valid.contains(i) ? va : tr).add(examples.get(i));
    }
    return new Split(List.copyOf(tr), List.copyOf(va), List.copyOf(ho));
  }

  private static int share(int n, double fraction) {
    if (fraction <= 0) {
      return 0;
    }
    return Math.max(1, (int) Math.round(n * fraction));
  }

  /**
   * One line of a chat {@code messages} file (without its line break): the prompt, then the answer
   * as the assistant's turn. A {@code developer} message becomes {@code system} (the role open
   * models' chat templates know); a participant {@code name} is left out (chat templates ignore
   * it).
   */
  public static String line(Example e) {
    List<Map<String, String>> messages = new ArrayList<>();
    for (ChatMessage m : e.prompt()) {
      messages.add(message(m.role().equals("developer") ? "system" : m.role(), m.content()));
    }
    messages.add(message("assistant", e.answer()));
    Map<String, Object> line = new TreeMap<>();
    line.put("messages", messages);
    try {
      return Json.mapper().writeValueAsString(line);
    } catch (JsonProcessingException e1) {
      throw new IllegalStateException("cannot write an example", e1);
    }
  }

  private static Map<String, String> message(String role, String content) {
    Map<String, String> m = new TreeMap<>();
    m.put("role", role);
    m.put("content", content);
    return m;
  }

  /** How many prompt messages had the {@code developer} role (written as {@code system}). */
  public int developerMessages() {
    int n = 0;
    for (Example e : examples) {
      for (ChatMessage m : e.prompt()) {
        n += m.role().equals("developer") ? 1 : 0;
      }
    }
    return n;
  }
}
