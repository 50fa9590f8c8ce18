package dev.openaift.cli;

import dev.openaift.api.ChatGateway;
import dev.openaift.api.Connection;
import dev.openaift.api.LifecycleGateway;
import dev.openaift.api.OpenAiGateway;
import dev.openaift.api.Sleeper;
import java.time.Clock;

/**
 * Opens the gateway a command talks to the API through. The process uses {@link #OPENAI}; tests put
 * their own in the {@link CliContext} (for example one that steps a manual sandbox at each
 * request).
 */
@FunctionalInterface
public interface GatewayFactory {
  /** The real one: an {@link OpenAiGateway} over the connection. */
  GatewayFactory OPENAI = OpenAiGateway::new;

  /**
   * A gateway over {@code connection} whose retries wait with {@code sleeper}; the caller closes
   * it.
   */
  LifecycleGateway open(Connection connection, Sleeper sleeper, Clock clock);

  /**
   * A chat gateway over {@code connection} (the models a command asks for answers), whose retries
   * wait with {@code sleeper}; the caller closes it. The real one is an {@link OpenAiGateway}.
   */
  default ChatGateway chat(Connection connection, Sleeper sleeper, Clock clock) {
    return new OpenAiGateway(connection, sleeper, clock);
  }
}
