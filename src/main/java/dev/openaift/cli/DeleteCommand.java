package dev.openaift.cli;

import picocli.CommandLine.Mixin;

/** A command that deletes only after asking ({@code files delete}, {@code models delete}, ...). */
abstract class DeleteCommand extends ApiCommand {
  @Mixin YesOption confirmation;

  private final UserInput input;

  DeleteCommand(CliContext context, UserInput input) {
    super(context);
    this.input = input;
  }

  /** Whether to go ahead with {@code action}: true at once with {@code --yes}, else asks. */
  boolean confirmed(String action) {
    return confirmation.confirm(context, input, err(), action);
  }
}
