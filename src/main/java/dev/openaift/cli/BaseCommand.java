package dev.openaift.cli;

import dev.openaift.api.FineTuningGateway;
import dev.openaift.archive.FollowSession;
import dev.openaift.follow.CancellableSleeper;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every command shares: picocli's model of it, its output streams, bad usage that names the
 * option, and the notices of waits on stderr. Commands that talk to the API extend {@link
 * ApiCommand}.
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

  /**
   * Follows {@code jobId} to its end with this command's streams ({@link FollowRunner#run}): a
   * progress line when {@code progress}, JSON lines when {@code json}.
   */
  FollowRunner.Result follow(
      CliContext context,
      FineTuningGateway gateway,
      CancellableSleeper sleeper,
      String jobId,
      FollowSession.Settings settings,
      boolean progress,
      boolean json) {
    return FollowRunner.run(
        context,
        out(),
        err(),
        gateway,
        sleeper,
        jobId,
        settings,
        new FollowRunner.Display(progress, json));
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
