package dev.openaift.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
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

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

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
    ObjectNode role = F.objectNode().put("type", "string");
    role.putArray("enum").add("user").add("assistant");
    ObjectNode messageProperties = F.objectNode();
    messageProperties.set("role", role);
    messageProperties.putObject("content").put("type", "string");
    ObjectNode message = closedObject(messageProperties);

    ObjectNode conversation =
        closedObject(
            F.objectNode()
                .set(
                    "messages",
                    arrayOf(
                        message,
                        String.format(
                            Locale.ROOT,
                            "%d messages: user, assistant, user, ... alternating, starting with"
                                + " the user and ending with the assistant.",
                            2 * turns))));

    return closedObject(
        F.objectNode()
            .set(
                "conversations",
                arrayOf(
                    conversation,
                    String.format(
                        Locale.ROOT, "%d conversations, each different from the others.", count))));
  }

  /** An object with {@code properties}, all of them required and no other allowed. */
  private static ObjectNode closedObject(ObjectNode properties) {
    ObjectNode o = F.objectNode();
    o.put("type", "object");
    o.set("properties", properties);
    ArrayNode required = o.putArray("required");
    properties.fieldNames().forEachRemaining(required::add);
    o.put("additionalProperties", false);
    return o;
  }

  /** An array of {@code items}, with what it should hold said in {@code description}. */
  private static ObjectNode arrayOf(ObjectNode items, String description) {
    ObjectNode a = F.objectNode();
    a.put("type", "array");
    a.put("description", description);
    a.set("items", items);
    return a;
  }
}
