package dev.openaift.metrics;

/** The helper threads that split large reads and writes in two. */
final class HelperThreads {
  private HelperThreads() {}

  /** A started daemon thread running {@code task}. */
  static Thread start(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Waits until {@code thread} ends; an interrupt meanwhile is kept for the caller. */
  static void join(Thread thread) {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException ex) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
