package dev.openaift.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: lists the subcommands and the exit codes. */
@Command(
    name = "openai-ft",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Follow, report on and manage OpenAI fine-tuning jobs.",
    subcommands = {
      CommandLine.HelpCommand.class, DemoCommand.class, FollowCommand.class, EventsCommand.class,
      ReportCommand.class, CompareCommand.class, BackupCommand.class, PrepareCommand.class, FilesCommand.class,
      JobsCommand.class, ModelsCommand.class, ChatCommand.class, RecordCommand.class, SandboxCommand.class,
      CompletionCommand.class, InitCommand.class, GenerateCommand.class, InventoryCommand.class,
      ClassificationCommand.class, EvalCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:internal error (rerun with --verbose and report it)",
      "2:bad usage: unknown option, bad value, missing argument or API key",
      "3:the fine-tuning job failed or was cancelled",
      "4:API error: bad key, unknown id, server error after retries",
      "5:a local file is missing, unreadable or malformed",
      "130:interrupted"
    })
public final class OpenAiFtCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the command line with its streams and the error-to-exit-code mapping. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, CliContext.system());
  }

  /** Builds the command line whose commands see {@code context} (environment, terminal, zone, clock, Ctrl-C). */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err, CliContext context) {
    return commandLine(out, err, context, UserInput.system());
  }

  /** As above; confirmations read the user's answers from {@code input}. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err, CliContext context, UserInput input) {
    CommandLine cl = new CommandLine(OpenAiFtCommand.class, new ContextFactory(context, input));
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(new ErrorHandler());
    cl.setExitCodeExceptionMapper(ErrorHandler::exitCodeOf);
    return cl;
  }

  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(out, err, CliContext.system(), args);
  }

  /** Runs one command line with {@code context} instead of the real process (tests). */
  public static int run(PrintWriter out, PrintWriter err, CliContext context, String... args) {
    return run(out, err, context, UserInput.system(), args);
  }

  /** Runs one command line with {@code context}, reading confirmations from {@code input} (tests). */
  public static int run(PrintWriter out, PrintWriter err, CliContext context, UserInput input, String... args) {
    try {
      return commandLine(out, err, context, input).execute(args);
    } catch (OutOfMemoryError | StackOverflowError e) {
      return ErrorHandler.handleError(e, err, java.util.Arrays.asList(args).contains("--verbose"));
    } finally {
      out.flush();
      err.flush();
    }
  }
}
