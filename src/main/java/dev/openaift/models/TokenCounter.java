package dev.openaift.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the tokens of chat messages the way OpenAI's cookbook does ("How to count tokens with
 * tiktoken", {@code num_tokens_from_messages}), with a real BPE tokenizer (jtokkit) in the model's
 * encoding:
 *
 * <pre>
 *   example tokens = 3 (reply priming)
 *                  + sum over messages of ( 3 (per-message overhead)
 *                                           + tokens(role) + tokens(content)
 *                                           + tokens(name) + 1 if a name is present
 *                                           + tokens(tool_calls, function_call, tool_call_id, refusal) )
 *                  + tokens(tools / functions definitions)
 * </pre>
 *
 * Legacy prompt/completion pairs count the tokens of the two texts, without overhead. Content given
 * as a list of parts counts the text of its {@code text} parts (images are not counted). Tool calls
 * and tool/function definitions count as the tokens of their compact JSON text: an approximation,
 * since OpenAI does not publish how it renders them. Special-token text such as {@code
 * <|endoftext|>} inside content is counted as ordinary text.
 *
 * <p>One instance holds one encoding and is reused for every line. It remembers the counts of
 * recent short texts (roles, names, a system prompt repeated on every line), so it is not meant to
 * be shared between threads.
 */
public final class TokenCounter {
  /** Tokens added for every message (its start, role separator and end markers). */
  public static final int TOKENS_PER_MESSAGE = 3;

  /** Extra token for a message that carries a {@code name}. */
  public static final int TOKENS_PER_NAME = 1;

  /** Tokens that prime the assistant's reply at the end of every example. */
  public static final int REPLY_PRIMING = 3;

  private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

  /** Texts up to this length are remembered. */
  static final int CACHE_MAX_CHARS = 16_384;

  /** The memory is cleared when it holds this many texts. */
  static final int CACHE_MAX_ENTRIES = 512;

  private final Encoding encoding;
  private final Map<String, Integer> cache = new HashMap<>();

  public TokenCounter(String encodingName) {
    this.encoding =
        EncodingType.fromName(encodingName)
            .map(REGISTRY::getEncoding)
            .orElseThrow(() -> new IllegalArgumentException("unknown encoding: " + encodingName));
  }

  /** Whether {@code encodingName} is an encoding this counter can use. */
  public static boolean supports(String encodingName) {
    return EncodingType.fromName(encodingName).isPresent();
  }

  public String encodingName() {
    return encoding.getName();
  }

  /** Tokens of a plain text. */
  public int count(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    if (text.length() > CACHE_MAX_CHARS) {
      return encoding.countTokensOrdinary(text);
    }
    Integer known = cache.get(text);
    if (known != null) {
      return known;
    }
    int n = encoding.countTokensOrdinary(text);
    if (cache.size() >= CACHE_MAX_ENTRIES) {
      cache.clear();
    }
    cache.put(text, n);
    return n;
  }

  /** Tokens of one message object including its overhead (not the reply priming). */
  public int message(JsonNode message) {
    int n = TOKENS_PER_MESSAGE;
    n += textOf(message.get("role"));
    n += content(message.get("content"));
    JsonNode name = message.get("name");
    if (name != null && !name.isNull()) {
      n += textOf(name) + TOKENS_PER_NAME;
    }
    n += textOf(message.get("tool_calls"));
    n += textOf(message.get("function_call"));
    n += textOf(message.get("tool_call_id"));
    n += textOf(message.get("refusal"));
    return n;
  }

  /**
   * The definitions a chat-completions request sends beside its messages, which the service bills
   * as input too: the function tools, which of them to call, and a response format's JSON schema
   * (and the older {@code functions} / {@code function_call} of the same).
   */
  private static final List<String> DEFINITIONS =
      List.of("tools", "tool_choice", "functions", "function_call", "response_format");

  /**
   * Prompt tokens of a whole chat-completions request body, as sent: reply priming, every message
   * ({@link #message}), and each of the {@link #DEFINITIONS} present as its compact JSON text. This
   * one rule serves the estimate shown before sending ({@code generate}'s plan) and the sandbox's
   * {@code usage.prompt_tokens}, so that a plan can be checked against a run.
   *
   * <p>OpenAI does not document how it bills function definitions (it renders them into its own
   * internal format before the model reads them), so their count is an estimate. The compact JSON
   * text, with its quotes, braces and key names, is longer than that rendering: the estimate errs
   * high rather than low.
   */
  public long request(JsonNode body) {
    long n = REPLY_PRIMING;
    JsonNode messages = body.get("messages");
    if (messages != null && messages.isArray()) {
      for (JsonNode m : messages) {
        n += message(m);
      }
    }
    for (String field : DEFINITIONS) {
      n += textOf(body.get(field));
    }
    return n;
  }

  /** Tokens of the content alone (what the model is trained to produce for assistant messages). */
  public int content(JsonNode content) {
    if (content == null || content.isNull()) {
      return 0;
    }
    if (content.isArray()) {
      int n = 0;
      for (JsonNode part : content) {
        JsonNode text = part.get("text");
        if (text != null && text.isTextual()) {
          n += count(text.asText());
        }
      }
      return n;
    }
    return textOf(content);
  }

  /** Tokens of a JSON value: its text for a string, its compact JSON otherwise; 0 when absent. */
  public int textOf(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return 0;
    }
    return count(value.isTextual() ? value.asText() : value.toString());
  }
}
