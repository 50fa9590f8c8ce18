package dev.openaift.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every command shares: picocli's model of it, its output streams, bad usage that names the
 * option, and the notices of waits on stderr. Commands that use the {@link CliContext} extend
 * {@link ContextCommand}, those that talk to the API {@link ApiCommand}.
 */
abstract class BaseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

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

  /** One line saying this run waits for another (an archive's lock), on stderr at once. */
  Consumer<String> notices() {
    PrintWriter err = err();
    return line -> {
      err.println("openai-ft: " + line);
      err.flush();
    };
  }
}
