package dev.openaift.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Where a command learns about Ctrl-C. The real one is a JVM shutdown hook that runs the action,
 * then waits (a few seconds at most) until the command has printed its last lines; tests trigger
 * the action themselves.
 */
@FunctionalInterface
public interface Interrupts {

  /** Runs {@code action} on Ctrl-C until the returned registration is closed. */
  Registration onInterrupt(Runnable action);

  /** Ends a registration; after this the command's output is complete. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * A JVM shutdown hook (SIGINT, SIGTERM): the JVM exits once the command has finished its output.
   */
  static Interrupts shutdownHook(Duration grace) {
    return action -> {
      CountDownLatch finished = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                action.run();
                try {
                  finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "openai-ft-interrupt");
      Runtime.getRuntime().addShutdownHook(hook);
      return () -> {
        finished.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it returns now that the output is complete
        }
      };
    };
  }
}
