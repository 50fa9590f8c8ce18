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
  GatewayFactory OPENAI =
      new GatewayFactory() {
        @Override
        public LifecycleGateway open(Connection connection, Sleeper sleeper, Clock clock) {
          return new OpenAiGateway(connection, sleeper, clock);
        }

        @Override
        public LifecycleGateway open(
            Connection connection, Sleeper sleeper, Clock clock, String adminKey) {
          return new OpenAiGateway(connection, sleeper, clock, adminKey);
        }
      };

  /**
   * A gateway over {@code connection} whose retries wait with {@code sleeper}; the caller closes
   * it.
   */
  LifecycleGateway open(Connection connection, Sleeper sleeper, Clock clock);

  /**
   * {@link #open} with the organisation's admin key ({@code OPENAI_ADMIN_KEY}, or null) for the
   * endpoints that take one (checkpoint permissions); a factory without such endpoints ignores it.
   */
  default LifecycleGateway open(
      Connection connection, Sleeper sleeper, Clock clock, String adminKey) {
    return open(connection, sleeper, clock);
  }

  /**
   * A chat gateway over {@code connection} (the models a command asks for answers), whose retries
   * wait with {@code sleeper}; the caller closes it. The real one is an {@link OpenAiGateway}.
   */
  default ChatGateway chat(Connection connection, Sleeper sleeper, Clock clock) {
    return new OpenAiGateway(connection, sleeper, clock);
  }
}
