package dev.openaift.cli;

/**
 * A command that only groups subcommands ({@code jobs}, {@code files}, {@code models}, {@code
 * classification}): run alone, it is bad usage naming its subcommands.
 */
abstract class ParentCommand extends BaseCommand {
  @Override
  public final Integer call() {
    throw usage(
        "Missing command: one of "
            + String.join(
                ", ",
                spec.subcommands().keySet().stream().filter(k -> !k.equals("help")).toList()));
  }
}
