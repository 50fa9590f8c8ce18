package dev.openaift.generate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The function the model is made to call, {@value #NAME}: its arguments are {@code
 * {"conversations": [{"messages": [{"role": "user"|"assistant", "content": "..."}]}]}}. The schema
 * follows the rules of strict structured outputs (every object closed with {@code
 * additionalProperties: false}, every property required), so it can be sent with {@code strict:
 * true}. How many conversations and messages are wanted is said in the descriptions (strict mode
 * does not take {@code minItems}/{@code maxItems} everywhere).
 */
public final class ConversationTool {
  public static final String NAME = "record_conversations";

  private ConversationTool() {}

  public static String description(int count, int turns) {
    return String.format(
        Locale.ROOT,
        "Record %d synthetic training conversations, each of %d user/assistant exchange(s).",
        count,
        turns);
  }

  /** The JSON schema of the arguments. */
  public static ObjectNode parameters(int count, int turns) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode message = f.objectNode();
    message.put("type", "object");
    ObjectNode mp = message.putObject("properties");
    ObjectNode role = mp.putObject("role");
    role.put("type", "string");
    role.putArray("enum").add("user").add("assistant");
    mp.putObject("content").put("type", "string");
    message.putArray("required").add("role").add("content");
    message.put("additionalProperties", false);

    ObjectNode conversation = f.objectNode();
    conversation.put("type", "object");
    ObjectNode messages = conversation.putObject("properties").putObject("messages");
    messages.put("type", "array");
    messages.put(
        "description",
        String.format(
            Locale.ROOT,
            "%d messages: user, assistant, user, ... alternating, starting with the user and ending"
                + " with the assistant.",
            2 * turns));
    messages.set("items", message);
    conversation.putArray("required").add("messages");
    conversation.put("additionalProperties", false);

    ObjectNode root = f.objectNode();
    root.put("type", "object");
    ObjectNode conversations = root.putObject("properties").putObject("conversations");
    conversations.put("type", "array");
    conversations.put(
        "description",
        String.format(Locale.ROOT, "%d conversations, each different from the others.", count));
    conversations.set("items", conversation);
    root.putArray("required").add("conversations");
    root.put("additionalProperties", false);
    return root;
  }
}
