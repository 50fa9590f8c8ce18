package dev.openaift.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.api.ChatMessage;
import dev.openaift.api.ChatRequest;
import dev.openaift.api.FunctionTool;
import dev.openaift.io.Sha256;
import dev.openaift.models.ModelCatalog;
import dev.openaift.models.ModelMatch;
import dev.openaift.models.TokenCounter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The requests {@code generate} sends, one per topic, and what they are expected to use, before
 * anything is sent. Each request is one user message (the template filled in for the topic) and the
 * {@link ConversationTool} forced; prompt tokens are counted with the model's tokenizer the way the
 * chat format bills them ({@link TokenCounter#request}: messages, reply priming, and the function
 * definition and {@code tool_choice} as their JSON text, an estimate that errs high). Output tokens
 * are not known before: they are estimated at {@value #OUTPUT_TOKENS_PER_MESSAGE} per message asked
 * for plus {@value #OUTPUT_TOKENS_OVERHEAD} of JSON per conversation, capped by {@code max_tokens}.
 *
 * @param items one per topic, in topic order
 * @param strict whether strict structured outputs are asked for
 * @param model the generation model as the price table knows it
 */
public record GenerationPlan(
    GenerateConfig config, List<Item> items, boolean strict, ModelMatch model) {
  public static final int OUTPUT_TOKENS_PER_MESSAGE = 60;
  public static final int OUTPUT_TOKENS_OVERHEAD = 12;

  private static final com.fasterxml.jackson.databind.node.JsonNodeFactory JSON =
      com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;

  /**
   * One topic's request.
   *
   * @param sha256 hex SHA-256 of the request's canonical JSON (what a resumed run compares)
   * @param promptTokens tokens billed as input
   * @param outputTokens estimated output tokens
   */
  public record Item(
      int topicIndex,
      String topic,
      ChatRequest request,
      String sha256,
      long promptTokens,
      long outputTokens) {}

  public GenerationPlan {
    items = List.copyOf(items);
  }

  public static GenerationPlan of(GenerateConfig config, ModelCatalog catalog) {
    ModelMatch model = catalog.resolve(config.model());
    boolean strict = config.strict() != null ? config.strict() : supportsStrict(config.model());
    FunctionTool tool =
        new FunctionTool(
            ConversationTool.NAME,
            ConversationTool.description(config.count(), config.turns()),
            ConversationTool.parameters(config.count(), config.turns()),
            strict);
    TokenCounter counter = new TokenCounter(model.encoding());
    long output =
        (long) config.count()
            * (2L * config.turns() * OUTPUT_TOKENS_PER_MESSAGE + OUTPUT_TOKENS_OVERHEAD);
    if (config.maxTokens() != null) {
      output = Math.min(output, config.maxTokens());
    }
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < config.topics().size(); i++) {
      String topic = config.topics().get(i);
      ChatRequest request =
          new ChatRequest(
              config.model(),
              List.of(ChatMessage.of("user", config.prompt(topic))),
              config.temperature(),
              config.seed(),
              config.maxTokens(),
              tool);
      ObjectNode body = body(request);
      items.add(new Item(i, topic, request, sha256(body), counter.request(body), output));
    }
    return new GenerationPlan(config, items, strict, model);
  }

  /**
   * Whether a model takes strict structured outputs: gpt-4o-2024-08-06 introduced them; the models
   * before it (gpt-3.5-turbo, gpt-4, gpt-4-turbo, gpt-4o-2024-05-13 and the legacy completion
   * models) refuse {@code strict: true}. A fine-tuned model is judged by its base model.
   */
  public static boolean supportsStrict(String model) {
    String m = model.startsWith("ft:") ? model.substring(3) : model;
    return !(m.startsWith("gpt-3.5")
        || m.equals("gpt-4")
        || m.startsWith("gpt-4-")
        || m.startsWith("gpt-4-turbo")
        || m.startsWith("gpt-4o-2024-05-13")
        || m.startsWith("davinci")
        || m.startsWith("babbage"));
  }

  /** The request body as it goes on the wire (keys sorted), for showing and hashing. */
  public static ObjectNode body(ChatRequest request) {
    ObjectNode body = JSON.objectNode();
    body.put("model", request.model());
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage m : request.messages()) {
      ObjectNode o = messages.addObject();
      o.put("role", m.role());
      o.put("content", m.content());
    }
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    if (request.seed() != null) {
      body.put("seed", request.seed());
    }
    if (request.maxTokens() != null) {
      body.put("max_completion_tokens", request.maxTokens());
    }
    FunctionTool tool = request.forcedTool();
    if (tool != null) {
      ObjectNode f =
          body.putArray("tools").addObject().put("type", "function").putObject("function");
      f.put("name", tool.name());
      f.put("description", tool.description());
      f.set("parameters", tool.parameters());
      f.put("strict", tool.strict());
      body.putObject("tool_choice")
          .put("type", "function")
          .putObject("function")
          .put("name", tool.name());
    }
    return body;
  }

  /** Pretty JSON of a request body (keys sorted). */
  public static String pretty(ObjectNode body) {
    return new String(GenerateJson.pretty(body), StandardCharsets.UTF_8).stripTrailing();
  }

  private static String sha256(ObjectNode body) {
    return Sha256.hex(GenerateJson.compact(body).getBytes(StandardCharsets.UTF_8));
  }

  public long promptTokens() {
    return items.stream().mapToLong(Item::promptTokens).sum();
  }

  public long outputTokens() {
    return items.stream().mapToLong(Item::outputTokens).sum();
  }

  /** {@code 4 topics x 5 conversations of 1 exchange = 20 conversations}. */
  public String shape() {
    return String.format(
        Locale.ROOT,
        "%d %s x %d conversation%s of %d exchange%s = %d conversations",
        items.size(),
        items.size() == 1 ? "topic" : "topics",
        config.count(),
        config.count() == 1 ? "" : "s",
        config.turns(),
        config.turns() == 1 ? "" : "s",
        items.size() * config.count());
  }
}
