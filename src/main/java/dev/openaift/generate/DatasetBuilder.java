package dev.openaift.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.io.Json;
import dev.openaift.prepare.ExampleChecker;
import dev.openaift.prepare.IssueKind;
import dev.openaift.prepare.PrepareOptions;
import dev.openaift.prepare.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the answers (one per topic, in topic order) into training examples: the function call's
 * arguments are read, each conversation gets the {@code system} message in front and is checked
 * with {@code prepare}'s rules ({@link ExampleChecker}, in order, so a conversation equal to an
 * earlier one is a duplicate). A conversation with an error or that repeats an earlier one is
 * rejected with the reason; an answer without a usable call rejects its whole topic. Nothing is
 * dropped silently: every conversation asked for is kept or listed as rejected.
 */
public final class DatasetBuilder {
  private static final JsonMapper JSON = Json.standard();

  /** A kept conversation: its training line and where it came from. */
  public record Kept(
      int topicIndex, String topic, int conversation, ObjectNode example, List<String> warnings) {}

  /**
   * A conversation (or, when {@code conversation} is null, a whole answer) left out.
   *
   * @param given what the model sent for it (the conversation, or the raw arguments text), may be
   *     null
   */
  public record Rejected(
      int topicIndex, String topic, Integer conversation, String reason, JsonNode given) {}

  /** What the answers gave. */
  /**
   * What the answers gave.
   *
   * @param notes remarks about whole topics (fewer or more conversations than asked for)
   */
  public record Result(
      List<Kept> kept,
      List<Rejected> rejected,
      List<NearDuplicates.Pair> nearDuplicates,
      List<String> notes) {}

  private DatasetBuilder() {}

  public static Result build(
      GenerateConfig config, List<GeneratedAnswer> answers, PrepareOptions checks) {
    ExampleChecker checker = new ExampleChecker(checks);
    List<Kept> kept = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (GeneratedAnswer a : answers) {
      JsonNode choice = a.response().path("choices").path(0);
      String finish = choice.path("finish_reason").asText("");
      String cut =
          "length".equals(finish)
              ? " (the answer was cut at the token limit: raise max_tokens)"
              : "";
      JsonNode call = choice.path("message").path("tool_calls").path(0);
      if (!call.isObject()) {
        rejected.add(
            new Rejected(
                a.topicIndex(),
                a.topic(),
                null,
                "the model answered without calling " + ConversationTool.NAME + cut,
                choice.path("message").path("content")));
        continue;
      }
      String name = call.path("function").path("name").asText("");
      if (!name.equals(ConversationTool.NAME)) {
        rejected.add(
            new Rejected(
                a.topicIndex(),
                a.topic(),
                null,
                "the model called \"" + name + "\", not " + ConversationTool.NAME,
                null));
        continue;
      }
      String arguments = call.path("function").path("arguments").asText("");
      JsonNode args;
      try {
        args = JSON.readTree(arguments);
      } catch (JsonProcessingException e) {
        rejected.add(
            new Rejected(
                a.topicIndex(),
                a.topic(),
                null,
                "function arguments are not valid JSON: "
                    + e.getOriginalMessage().replaceAll("\\s+", " ")
                    + cut,
                JSON.getNodeFactory().textNode(arguments)));
        continue;
      }
      JsonNode conversations = args == null ? null : args.get("conversations");
      if (conversations == null || !conversations.isArray()) {
        rejected.add(
            new Rejected(
                a.topicIndex(),
                a.topic(),
                null,
                "function arguments have no \"conversations\" list" + cut,
                args));
        continue;
      }
      for (int i = 0; i < conversations.size(); i++) {
        JsonNode c = conversations.get(i);
        JsonNode messages = c.path("messages");
        if (!c.isObject() || !messages.isArray()) {
          rejected.add(
              new Rejected(a.topicIndex(), a.topic(), i, "not a {\"messages\": [...]} object", c));
          continue;
        }
        ObjectNode example = JSON.createObjectNode();
        ArrayNode all = example.putArray("messages");
        ObjectNode system = all.addObject();
        system.put("role", "system");
        system.put("content", config.system());
        messages.forEach(m -> all.add(m.deepCopy()));
        ExampleChecker.Verdict verdict = checker.check(example.toString());
        boolean duplicate =
            verdict.findings().stream().anyMatch(f -> f.kind() == IssueKind.DUPLICATE);
        if (verdict.error() || duplicate) {
          String reason =
              verdict.error()
                  ? verdict.describe(Severity.ERROR)
                  : IssueKind.DUPLICATE.description();
          rejected.add(new Rejected(a.topicIndex(), a.topic(), i, reason, c));
          continue;
        }
        List<String> warnings = new ArrayList<>();
        String w = verdict.describe(Severity.WARNING);
        if (!w.isEmpty()) {
          warnings.add(w);
        }
        if (messages.size() != 2 * config.turns()) {
          warnings.add(messages.size() + " messages, not the " + 2 * config.turns() + " asked for");
        }
        kept.add(new Kept(a.topicIndex(), a.topic(), i, example, warnings));
      }
      if (conversations.size() != config.count()) {
        // not a rejection: every conversation sent is accounted for above
        notes.add(
            "topic "
                + (a.topicIndex() + 1)
                + " ("
                + a.topic()
                + "): "
                + conversations.size()
                + " conversations, not the "
                + config.count()
                + " asked for");
      }
    }
    List<NearDuplicates.Text> texts = new ArrayList<>();
    for (int i = 0; i < kept.size(); i++) {
      Kept k = kept.get(i);
      StringBuilder text = new StringBuilder();
      JsonNode messages = k.example().get("messages");
      for (int m = 1; m < messages.size(); m++) {
        text.append(messages.get(m).path("content").asText("")).append('\n');
      }
      texts.add(new NearDuplicates.Text(Integer.toString(k.topicIndex()), i, text.toString()));
    }
    return new Result(
        kept, rejected, NearDuplicates.find(texts, NearDuplicates.DEFAULT_THRESHOLD), notes);
  }

  /**
   * The prompt of a kept example for {@code record}/{@code eval}: the system message and the first
   * user turn.
   */
  public static ObjectNode promptOnly(ObjectNode example) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode messages = out.putArray("messages");
    for (JsonNode m : example.get("messages")) {
      String role = m.path("role").asText();
      messages.add(m.deepCopy());
      if (role.equals("user")) {
        break;
      }
    }
    return out;
  }
}
