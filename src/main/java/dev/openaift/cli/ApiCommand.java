package dev.openaift.cli;

import dev.openaift.api.LifecycleGateway;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import picocli.CommandLine.Mixin;

/**
 * What the commands that talk to the API share beyond {@link ContextCommand}: the connection
 * options, the gateway, and times shown in local time.
 */
abstract class ApiCommand extends ContextCommand {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  @Mixin ConnectionOptions connection;

  ApiCommand(CliContext context) {
    super(context);
  }

  /** A gateway whose retries wait with the context's sleeper; close it after use. */
  LifecycleGateway gateway() {
    return connection.gateway(context, context.sleeper());
  }

  /** Unix seconds as {@code YYYY-MM-DD HH:MM:SS} in the user's zone; null stays null. */
  String time(Long unixSeconds) {
    return unixSeconds == null
        ? null
        : LOCAL.format(Instant.ofEpochSecond(unixSeconds).atZone(context.zone()));
  }

  static String bytes(long n) {
    return n < 0 ? null : String.format(Locale.ROOT, "%,d", n);
  }
}
