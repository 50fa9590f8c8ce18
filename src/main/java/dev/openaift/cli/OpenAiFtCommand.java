package dev.openaift.cli;

import dev.openaift.io.Echo;
import dev.openaift.metrics.HelperThreads;
import dev.openaift.plot.FigureRenderer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
    modelTransformer = OpenAiFtCommand.ExitCodeList.class,
    // after the exit codes: 'java -jar' starts 2-3 times slower than the launcher (README, Speed)
    footer = {
      "%nFaster start-up than 'java -jar': the launcher 'openai-ft' beside the jar, or",
      "java -XX:SharedArchiveFile=openai-ft.jsa -XX:TieredStopAtLevel=1",
      "     -XX:+UseSerialGC -jar openai-ft.jar ..."
    })
public final class OpenAiFtCommand implements Runnable {
  /**
   * The subcommands, in the order the usage lists them. Added by {@link #commandLine} rather than
   * named in the annotation, so that a command line that starts with one of their names builds
   * picocli's model of that one only (the model of them all costs more than the rest of start-up).
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          CommandLine.HelpCommand.class,
          DemoCommand.class,
          FollowCommand.class,
          EventsCommand.class,
          ReportCommand.class,
          CompareCommand.class,
          BackupCommand.class,
          PrepareCommand.class,
          FilesCommand.class,
          JobsCommand.class,
          ModelsCommand.class,
          ChatCommand.class,
          RecordCommand.class,
          SandboxCommand.class,
          CompletionCommand.class,
          InitCommand.class,
          GenerateCommand.class,
          InventoryCommand.class,
          ClassificationCommand.class,
          EvalCommand.class,
          RetrainCommand.class,
          DistillCommand.class);

  /** Subcommands that need all the others: help shows any of them, completion lists them all. */
  private static final Set<String> NEED_ALL = Set.of("help", "completion");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Read by {@link ErrorHandler} from the parse result; inherited, so it goes before or after any
   * subcommand's name.
   */
  @CommandLine.Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
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
    spec.commandLine().usage(Echo.raw(spec.commandLine().getOut()));
  }

  /** Builds the command line with its streams and the error-to-exit-code mapping. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, CliContext.system());
  }

  /**
   * Builds the command line whose commands see {@code context} (environment, terminal, zone, clock,
   * Ctrl-C).
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err, CliContext context) {
    return commandLine(out, err, context, UserInput.system());
  }

  /** As above; confirmations read the user's answers from {@code input}. */
  public static CommandLine commandLine(
      PrintWriter out, PrintWriter err, CliContext context, UserInput input) {
    return commandLine(out, err, context, input, null);
  }

  /**
   * As above, with only the subcommand {@code args[0]} names when it names one that does not need
   * the others; with all of them otherwise (an option first, an unknown name, help, completion).
   */
  static CommandLine commandLineFor(
      PrintWriter out, PrintWriter err, CliContext context, UserInput input, String... args) {
    String first = args.length == 0 || NEED_ALL.contains(args[0]) ? null : args[0];
    return commandLine(out, err, context, input, first);
  }

  private static CommandLine commandLine(
      PrintWriter out, PrintWriter err, CliContext context, UserInput input, String only) {
    ContextFactory factory = new ContextFactory(context, input);
    CommandLine cl = new CommandLine(OpenAiFtCommand.class, factory);
    List<Class<?>> chosen = SUBCOMMANDS;
    if (only != null) {
      chosen = SUBCOMMANDS.stream().filter(c -> names(c).contains(only)).toList();
      if (chosen.isEmpty()) {
        chosen = SUBCOMMANDS; // not a subcommand's name: picocli's error lists them all
      }
    }
    for (Class<?> c : chosen) {
      cl.addSubcommand(new CommandLine(c, factory));
    }
    // text for people: what any command prints shows control characters as visible escapes
    cl.setOut(Echo.forPeople(out));
    cl.setErr(Echo.forPeople(err));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(new ErrorHandler());
    cl.setExitCodeExceptionMapper(ErrorHandler::exitCodeOf);
    cl.setExecutionStrategy(OpenAiFtCommand::execute);
    return cl;
  }

  /**
   * Runs the parsed command line as picocli would, except that words it did not recognise are an
   * error also when they come with {@code --help} ({@code openai-ft frobnicate --help} names the
   * unknown command instead of printing the root help).
   */
  private static int execute(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (!p.unmatched().isEmpty()) {
        throw new CommandLine.UnmatchedArgumentException(
            p.commandSpec().commandLine(), p.unmatched());
      }
    }
    // usage and version help is our own text, coloured on a terminal: it goes out as it is
    CommandLine root = parsed.commandSpec().commandLine();
    PrintWriter out = root.getOut();
    PrintWriter err = root.getErr();
    root.setOut(Echo.raw(out));
    root.setErr(Echo.raw(err));
    try {
      Integer help = CommandLine.executeHelpRequest(parsed);
      if (help != null) {
        return help;
      }
    } finally {
      root.setOut(out);
      root.setErr(err);
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  /** The name and aliases of a subcommand, from its annotation (without building its model). */
  private static List<String> names(Class<?> subcommand) {
    Command command = subcommand.getAnnotation(Command.class);
    List<String> names = new ArrayList<>(List.of(command.aliases()));
    names.add(command.name());
    return names;
  }

  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(out, err, CliContext.system(), args);
  }

  /**
   * For a command line that reports with figures ({@link ReportCommand#draws}), the graphics
   * started on a helper ({@link FigureRenderer#startGraphics}) while this thread parses it and the
   * report reads its files, which leave the second core mostly to the compiler; else null. A
   * 1,000-step Trainer report: 0.53 against 0.55-0.56 s median wall, 15 runs alternating twice
   * (2026-12-07); the time picocli takes is about what the graphics take. A failure there is thrown
   * by the first figure ({@link FigureRenderer#startGraphics}).
   */
  public static HelperThreads.Helper<Void> startGraphicsFor(String... args) {
    if (!ReportCommand.draws(args)) {
      return null;
    }
    return HelperThreads.start(
        "graphics-start",
        () -> {
          FigureRenderer.startGraphics();
          return null;
        });
  }

  /** Runs one command line with {@code context} instead of the real process (tests). */
  public static int run(PrintWriter out, PrintWriter err, CliContext context, String... args) {
    return run(out, err, context, UserInput.system(), args);
  }

  /**
   * Runs one command line with {@code context}, reading confirmations from {@code input} (tests).
   */
  public static int run(
      PrintWriter out, PrintWriter err, CliContext context, UserInput input, String... args) {
    try {
      return commandLineFor(out, err, context, input, args).execute(args);
    } catch (OutOfMemoryError | StackOverflowError e) {
      return ErrorHandler.handleError(e, err, java.util.Arrays.asList(args).contains("--verbose"));
    } finally {
      out.flush();
      err.flush();
    }
  }
}
