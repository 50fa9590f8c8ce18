package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** What a user sees when a command fails with an exception nobody caught. */
class ErrorHandlerTest {

  @Command(name = "openai-ft")
  static final class Thrower implements Callable<Integer> {
    @Option(names = "--verbose") boolean verbose;
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

  private record Run(int code, String err) {}

  private static Run run(Throwable e, String... args) {
    Thrower t = new Thrower();
    if (e instanceof Error error) {
      t.error = error;
    } else
    if (e instanceof RuntimeException r) {
      t.runtime = r;
    } else {
      t.checked = (Exception) e;
    }
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(t);
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(new ErrorHandler());
    cl.setExitCodeExceptionMapper(ErrorHandler::exitCodeOf);
    return new Run(cl.execute(args), err.toString());
  }

  private static void assertOneLine(Run r) {
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertFalse(r.err().contains("java.nio") || r.err().contains("java.io"), r.err());
  }

  @Test
  void accessDeniedNamesTheProblemNotJustThePath() {
    Run r = run(new AccessDeniedException("/data/reports/ftjob-1/events.jsonl"));
    assertEquals(5, r.code());
    assertOneLine(r);
    assertEquals("openai-ft: permission denied: /data/reports/ftjob-1/events.jsonl", r.err().strip());
  }

  @Test
  void noSuchFileAndNotADirectorySayWhat() {
    Run r = run(new NoSuchFileException("/tmp/gone.jsonl"));
    assertEquals(5, r.code());
    assertOneLine(r);
    assertEquals("openai-ft: no such file or directory: /tmp/gone.jsonl", r.err().strip());
    Run d = run(new NotDirectoryException("/tmp/reports"));
    assertEquals("openai-ft: not a directory: /tmp/reports", d.err().strip());
  }

  @Test
  void wrappedFileProblemsToo() {
    Run r = run(new UncheckedIOException(new AccessDeniedException("/srv/reports")));
    assertEquals(5, r.code());
    assertOneLine(r);
    assertEquals("openai-ft: permission denied: /srv/reports", r.err().strip());
    Run m = run(new UncheckedIOException("cannot open /srv/reports/x/events.jsonl: /srv/reports/x",
        new AccessDeniedException("/srv/reports/x")));
    assertEquals("openai-ft: cannot open /srv/reports/x/events.jsonl: permission denied: /srv/reports/x", m.err().strip());
  }

  @Test
  void unexpectedExceptionsAreOneLineExitOneWithoutVerbose() {
    for (RuntimeException e : new RuntimeException[] {
        new NullPointerException(), new IllegalStateException("state\nacross lines")}) {
      Run r = run(e);
      assertEquals(1, r.code(), r.err());
      assertOneLine(r);
      assertTrue(r.err().startsWith("openai-ft: internal error: "), r.err());
      assertTrue(r.err().contains("--verbose"), r.err());
    }
    Run v = run(new IllegalStateException("boom"), "--verbose");
    assertTrue(v.err().contains("\tat "), "--verbose shows the stack trace");
  }

  @Test
  void errorsOfTheJvmAreOneLineToo() {
    // picocli lets an Error (out of memory, a stack overflow) through: the JVM would print its trace
    StringWriter err = new StringWriter();
    int code = ErrorHandler.handleError(new OutOfMemoryError("Java heap space"), new PrintWriter(err), false);
    assertEquals(1, code);
    Run r = new Run(code, err.toString());
    assertOneLine(r);
    assertTrue(r.err().startsWith("openai-ft: out of memory"), r.err());
    assertTrue(r.err().contains("OPENAI_FT_HEAP"), "says how to give it more: " + r.err());
    StringWriter so = new StringWriter();
    assertEquals(1, ErrorHandler.handleError(new StackOverflowError(), new PrintWriter(so), false));
    assertOneLine(new Run(1, so.toString()));
    StringWriter verbose = new StringWriter();
    ErrorHandler.handleError(new StackOverflowError(), new PrintWriter(verbose), true);
    assertTrue(verbose.toString().contains("StackOverflowError"), verbose.toString());
  }
}
