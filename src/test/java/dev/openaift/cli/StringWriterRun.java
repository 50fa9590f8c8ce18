package dev.openaift.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;

/** A command run with a given environment and no sandbox. */
record StringWriterRun(int code, String out, String err) {
  static StringWriterRun withEnv(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(env, false, ZoneOffset.UTC, Clock.systemUTC(), action -> () -> {}, 100);
    int code =
        OpenAiFtCommand.run(
            new PrintWriter(out), new PrintWriter(err), ctx, UserInput.of(""), args);
    return new StringWriterRun(code, out.toString(), err.toString());
  }
}
