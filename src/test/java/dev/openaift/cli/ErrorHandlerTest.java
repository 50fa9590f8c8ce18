package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.ApiException;
import dev.openaift.io.InputFileException;
import dev.openaift.lifecycle.FileUploader;
import dev.openaift.lifecycle.UnusableFileException;
import dev.openaift.prepare.PrepareOptions;
import dev.openaift.record.RecordingConflictException;
import dev.openaift.report.ReportException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** What a user sees when a command fails with an exception nobody caught. */
class ErrorHandlerTest {

  @Command(name = "openai-ft")
  static final class Thrower implements Callable<Integer> {
    @Option(names = "--verbose")
    boolean verbose;

    RuntimeException runtime;
    Exception checked;
    Error error;

    @Override
    public Integer call() throws Exception {
      if (error != null) {
        throw error;
      }
      if (runtime != null) {
        throw runtime;
      }
      throw checked;
    }
  }

  private static CliRun run(Throwable e, String... args) {
    Thrower t = new Thrower();
    if (e instanceof Error error) {
      t.error = error;
    } else if (e instanceof RuntimeException r) {
      t.runtime = r;
    } else {
      t.checked = (Exception) e;
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(t);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(new ErrorHandler());
    cl.setExitCodeExceptionMapper(ErrorHandler::exitCodeOf);
    return new CliRun(cl.execute(args), out.toString(), err.toString());
  }

  private static void assertOneLine(CliRun r) {
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertFalse(r.err().contains("java.nio") || r.err().contains("java.io"), r.err());
  }

  @Test
  void accessDeniedNamesTheProblemNotJustThePath() {
    CliRun r = run(new AccessDeniedException("/data/reports/ftjob-1/events.jsonl"));
    assertEquals(5, r.code());
    assertOneLine(r);
    assertEquals(
        "openai-ft: permission denied: /data/reports/ftjob-1/events.jsonl", r.err().strip());
  }

  @Test
  void noSuchFileAndNotADirectorySayWhat() {
    CliRun r = run(new NoSuchFileException("/tmp/gone.jsonl"));
    assertEquals(5, r.code());
    assertOneLine(r);
    assertEquals("openai-ft: no such file or directory: /tmp/gone.jsonl", r.err().strip());
    CliRun d = run(new NotDirectoryException("/tmp/reports"));
    assertEquals("openai-ft: not a directory: /tmp/reports", d.err().strip());
  }

  @Test
  void wrappedFileProblemsToo() {
    CliRun r = run(new UncheckedIOException(new AccessDeniedException("/srv/reports")));
    assertEquals(5, r.code());
    assertOneLine(r);
    assertEquals("openai-ft: permission denied: /srv/reports", r.err().strip());
    CliRun m =
        run(
            new UncheckedIOException(
                "cannot open /srv/reports/x/events.jsonl: /srv/reports/x",
                new AccessDeniedException("/srv/reports/x")));
    assertEquals(
        "openai-ft: cannot open /srv/reports/x/events.jsonl: permission denied: /srv/reports/x",
        m.err().strip());
  }

  @Test
  void unexpectedExceptionsAreOneLineExitOneWithoutVerbose() {
    for (RuntimeException e :
        new RuntimeException[] {
          new NullPointerException(), new IllegalStateException("state\nacross lines")
        }) {
      CliRun r = run(e);
      assertEquals(1, r.code(), r.err());
      assertOneLine(r);
      assertTrue(r.err().startsWith("openai-ft: internal error: "), r.err());
      assertTrue(r.err().contains("--verbose"), r.err());
    }
    CliRun v = run(new IllegalStateException("boom"), "--verbose");
    assertTrue(v.err().contains("\tat "), "--verbose shows the stack trace");
  }

  @Test
  void errorsOfTheJvmAreOneLineToo() {
    // picocli lets an Error (out of memory, a stack overflow) through: the JVM would print its
    // trace
    StringWriter err = new StringWriter();
    int code =
        ErrorHandler.handleError(
            new OutOfMemoryError("Java heap space"), new PrintWriter(err), false);
    assertEquals(1, code);
    CliRun r = new CliRun(code, "", err.toString());
    assertOneLine(r);
    assertTrue(r.err().startsWith("openai-ft: out of memory"), r.err());
    assertTrue(r.err().contains("OPENAI_FT_HEAP"), "says how to give it more: " + r.err());
    StringWriter so = new StringWriter();
    assertEquals(1, ErrorHandler.handleError(new StackOverflowError(), new PrintWriter(so), false));
    assertOneLine(new CliRun(1, "", so.toString()));
    StringWriter verbose = new StringWriter();
    ErrorHandler.handleError(new StackOverflowError(), new PrintWriter(verbose), true);
    assertTrue(verbose.toString().contains("StackOverflowError"), verbose.toString());
  }

  /**
   * A subcommand of the real root that throws what it is given: the handlers and --verbose are the
   * real ones.
   */
  @Command(name = "throw")
  static final class RootThrower implements Callable<Integer> {
    final Throwable thrown;

    RootThrower(Throwable thrown) {
      this.thrown = thrown;
    }

    @Override
    public Integer call() throws Exception {
      if (thrown instanceof Exception e) {
        throw e;
      }
      throw (Error) thrown;
    }
  }

  private static CliRun runUnderRoot(Throwable e, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine root =
        OpenAiFtCommand.commandLine(new PrintWriter(out), new PrintWriter(err), CliRun.context());
    root.addSubcommand("throw", new RootThrower(e));
    root.setErr(new PrintWriter(err)); // streams set before reach only the subcommands there were
    return new CliRun(root.execute(args), out.toString(), err.toString());
  }

  private record Case(Throwable thrown, ExitCode code, String line) {}

  private static List<Case> everyRule(Path unusable) {
    ApiException notFound =
        new ApiException(ApiException.Kind.NOT_FOUND, 404, "no such job: ftjob-x", null);
    RecordingConflictException conflict =
        new RecordingConflictException("the recording in r/ was made with temperature 0, not 1");
    List<Case> cases =
        new ArrayList<>(
            List.of(
                new Case(
                    new CliException(ExitCode.JOB_FAILED, "job ftjob-1 failed"),
                    ExitCode.JOB_FAILED,
                    "job ftjob-1 failed"),
                new Case(
                    new ApiException(
                        ApiException.Kind.MISSING_KEY, "no API key: set OPENAI_API_KEY"),
                    ExitCode.USAGE,
                    "no API key: set OPENAI_API_KEY"),
                new Case(
                    new ApiException(ApiException.Kind.INVALID_CONFIG, "--base-url: not http(s)"),
                    ExitCode.USAGE,
                    "--base-url: not http(s)"),
                new Case(
                    new ApiException(
                        ApiException.Kind.UNAUTHORIZED, 401, "the API key was refused", null),
                    ExitCode.API,
                    "the API key was refused"),
                new Case(notFound, ExitCode.API, "no such job: ftjob-x"),
                new Case(
                    new ApiException(
                        ApiException.Kind.SERVER, 500, "server error after 3 tries", null),
                    ExitCode.API,
                    "server error after 3 tries"),
                new Case(
                    new ApiException(ApiException.Kind.INTERRUPTED, "interrupted"),
                    ExitCode.INTERRUPTED,
                    "interrupted"),
                new Case(
                    new InputFileException(Path.of("r.csv"), 4, 2, "not a number: 'x'"),
                    ExitCode.FILE,
                    "r.csv:4:2: not a number: 'x'"),
                new Case(
                    new ReportException("template index.ftlh: line 3: no such value", null),
                    ExitCode.FILE,
                    "template index.ftlh: line 3: no such value"),
                new Case(new IOException("disk full"), ExitCode.FILE, "disk full"),
                new Case(
                    new UncheckedIOException(
                        "cannot write out.csv: disk full", new IOException("disk full")),
                    ExitCode.FILE,
                    "cannot write out.csv: disk full"),
                new Case(conflict, ExitCode.USAGE, conflict.getMessage()),
                new Case(
                    new UncheckedIOException(
                        "cannot start the sandbox on 127.0.0.1:80: Address already in use",
                        new BindException("Address already in use")),
                    ExitCode.USAGE,
                    "cannot start the sandbox on 127.0.0.1:80: Address already in use"),
                new Case(
                    CliException.withContext(
                        notFound, "no such job: ftjob-x; 3 of 9 answers are recorded"),
                    ExitCode.API,
                    "no such job: ftjob-x; 3 of 9 answers are recorded"),
                new Case(
                    CliException.withContext(conflict, "eval: " + conflict.getMessage()),
                    ExitCode.USAGE,
                    "eval: " + conflict.getMessage()),
                new Case(
                    new IllegalStateException("unexpected"),
                    ExitCode.INTERNAL,
                    "internal error: unexpected (rerun with --verbose for details)")));
    UnusableFileException u =
        assertThrows(
            UnusableFileException.class,
            () ->
                FileUploader.check(
                    unusable, PrepareOptions.defaults().withModel("gpt-4o-mini-2024-07-18")));
    cases.add(new Case(u, ExitCode.FILE, u.getMessage()));
    return cases;
  }

  @Test
  void everyExceptionTypeHasItsCodeAndOneLineAndATraceOnlyWithVerbose(@TempDir Path tmp) {
    Path unusable = LifecycleSandbox.write(tmp.resolve("bad.jsonl"), LifecycleSandbox.unusable(3));
    for (Case c : everyRule(unusable)) {
      String what = c.thrown().getClass().getSimpleName() + ": ";
      CliRun r = runUnderRoot(c.thrown(), "throw");
      assertEquals(c.code().code(), r.code(), what + r.err());
      List<String> lines = r.err().strip().lines().toList();
      assertEquals("openai-ft: " + c.line(), lines.get(lines.size() - 1), what + r.err());
      assertFalse(r.err().contains("\tat "), what + r.err());
      if (c.thrown() instanceof UnusableFileException u) {
        // one line per problem of the file, then the message
        assertEquals(u.problemLines().size() + 1, lines.size(), r.err());
        assertTrue(
            lines.contains("openai-ft: " + unusable + ": no assistant message (3 lines: 1, 2, 3)"),
            r.err());
      } else {
        assertEquals(1, lines.size(), what + r.err());
      }
      for (String[] args : new String[][] {{"throw", "--verbose"}, {"--verbose", "throw"}}) {
        CliRun v = runUnderRoot(c.thrown(), args);
        assertEquals(c.code().code(), v.code(), what + v.err());
        assertTrue(v.err().startsWith("openai-ft: "), what + v.err());
        assertTrue(
            v.err().contains("\tat "),
            what + "a stack trace with " + List.of(args) + ": " + v.err());
      }
    }
  }

  @Test
  void usageErrorsOfTheCommandLineToo() {
    CliRun r = runUnderRoot(new IllegalStateException("never thrown"), "throw", "--no-such-option");
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertTrue(r.err().startsWith("openai-ft: Unknown option: '--no-such-option'"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    CliRun v =
        runUnderRoot(
            new IllegalStateException("never thrown"), "throw", "--verbose", "--no-such-option");
    assertEquals(ExitCode.USAGE.code(), v.code(), v.err());
    assertTrue(
        v.err().contains("\tat "), "--verbose shows where the usage error was raised: " + v.err());
  }
}
