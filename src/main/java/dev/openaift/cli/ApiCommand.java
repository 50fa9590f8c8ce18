package dev.openaift.cli;

import dev.openaift.api.LifecycleGateway;
import dev.openaift.api.Sleeper;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the files, jobs, models and chat commands share: the connection options, the context, the
 * streams, and times shown in local time.
 */
abstract class ApiCommand implements Callable<Integer> {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  final CliContext context;

  ApiCommand(CliContext context) {
    this.context = context;
  }

  /** A gateway whose retries really wait (the SDK's backoff); close it after use. */
  LifecycleGateway gateway() {
    return connection.gateway(context, Sleeper.system());
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Bad usage (exit 2) naming the option or argument. */
  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
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
