package dev.openaift.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root command: lists the subcommands and the exit codes (from {@link ExitCode}, put into
 * picocli's model when it is built, so every way of printing the usage shows them), and holds the
 * {@code --verbose} option every subcommand inherits.
 */
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
    modelTransformer = OpenAiFtCommand.ExitCodeList.class)
public final class OpenAiFtCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Read by {@link ErrorHandler} from the parse result; inherited, so it goes before or after any
   * subcommand's name.
   */
  @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "Print the stack trace of an error (on stderr).")
  boolean verbose;

  /** Sets the "Exit codes" section of the root usage from {@link ExitCode}. */
  static final class ExitCodeList implements CommandLine.IModelTransformer {
    @Override
    public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec root) {
      root.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.helpList());
      return root;
    }
  }

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
