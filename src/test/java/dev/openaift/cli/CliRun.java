package dev.openaift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.TestClocks;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One command line run in this JVM as a user would run it: its exit code, standard output and
 * standard error. Tests build the {@link CliContext} of a run here, so that every run starts from
 * the same process: no terminal, UTC, "today" pinned to {@link TestClocks#TODAY}, Ctrl-C never
 * comes, 100 columns, real gateways; {@code with...} on the context changes one of them.
 */
record CliRun(int code, String out, String err) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** "Today" for every command a test runs, and for the sandboxes they run against. */
  static final Clock CLOCK = TestClocks.today();

  /** Columns of the terminal the commands write for. */
  static final int COLUMNS = 100;

  /** The context of a run with no environment (no key, no base URL). */
  static CliContext context() {
    return context(Map.of());
  }

  /** The context of a run with this environment. */
  static CliContext context(Map<String, String> env) {
    return context(env, ZoneOffset.UTC, COLUMNS);
  }

  /** The context of a run with this environment, local time zone and terminal width. */
  static CliContext context(Map<String, String> env, ZoneId zone, int columns) {
    return new CliContext(env, false, zone, CLOCK, action -> () -> {}, columns);
  }

  /**
   * {@code context} where Ctrl-C comes the moment a command starts listening for it (its first
   * registration: the recording, the judging, the sending).
   */
  static CliContext ctrlCAtOnce(CliContext context) {
    return context.withInterrupts(
        action -> {
          action.run();
          return () -> {};
        });
  }

  /** Runs a command line with no environment and nothing typed at the prompts. */
  static CliRun of(String... args) {
    return run(context(), args);
  }

  /** Runs a command line with this environment and nothing typed at the prompts. */
  static CliRun withEnv(Map<String, String> env, String... args) {
    return run(context(env), args);
  }

  /** Runs a command line in {@code context} with nothing typed at the prompts. */
  static CliRun run(CliContext context, String... args) {
    return run(context, UserInput.of(""), args);
  }

  /** Runs a command line in {@code context}; {@code input} answers its prompts. */
  static CliRun run(CliContext context, UserInput input, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        OpenAiFtCommand.run(
            new PrintWriter(out), new PrintWriter(err), context, input, ownArchive(args));
    return new CliRun(code, out.toString(), err.toString());
  }

  /**
   * A command line that starts jobs ({@code jobs create}, {@code retrain}) writes its launch
   * records into the archive, {@code reports/} of the working folder unless {@code --reports-dir}
   * says otherwise: such a line without one is given a new temporary archive (put first, so that no
   * option of the test's takes it as its value), so that no test writes into the project's folder.
   */
  static String[] ownArchive(String[] args) {
    List<String> a = List.of(args);
    int at =
        a.size() >= 2 && a.get(0).equals("jobs") && a.get(1).equals("create")
            ? 2
            : !a.isEmpty() && a.get(0).equals("retrain") ? 1 : -1;
    if (at < 0 || a.contains("--reports-dir")) {
      return args;
    }
    List<String> line = new ArrayList<>(a.subList(0, at));
    line.add("--reports-dir");
    try {
      line.add(Files.createTempDirectory(ARCHIVES, "archive-").toString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    line.addAll(a.subList(at, a.size()));
    return line.toArray(String[]::new);
  }

  /** The temporary archives of {@link #ownArchive}, deleted when the JVM ends. */
  private static final Path ARCHIVES = archives();

  private static Path archives() {
    try {
      Path root = Files.createTempDirectory("openai-ft-test-archives-");
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try (var all = Files.walk(root)) {
                      all.sorted(java.util.Comparator.reverseOrder())
                          .forEach(p -> p.toFile().delete());
                    } catch (IOException | RuntimeException ignored) {
                      // the system's temporary folder is cleaned all the same
                    }
                  }));
      return root;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Standard output read as one JSON document. */
  JsonNode json() {
    try {
      return JSON.readTree(out);
    } catch (IOException e) {
      throw new AssertionError("not one JSON document: " + out, e);
    }
  }

  /** The lines of standard output that are event lines. */
  List<String> eventLines() {
    List<String> lines = new ArrayList<>();
    for (String l : out.split("\n", -1)) {
      if (l.startsWith("[20")) {
        lines.add(l);
      }
    }
    return lines;
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
  }
}
