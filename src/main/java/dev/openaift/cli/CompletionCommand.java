package dev.openaift.cli;

import dev.openaift.io.Echo;
import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** {@code openai-ft completion}: a bash/zsh completion script for every command and option. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a bash/zsh completion script.",
      "",
      "The script completes every command and option. bash: source it. zsh: run 'autoload -U +X"
          + " compinit && compinit && autoload -U +X bashcompinit && bashcompinit' first; the"
          + " script is a bash script that zsh runs through bashcompinit."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  source <(openai-ft completion)",
      "  openai-ft completion > ~/.openai-ft.bash  # then source it from ~/.bashrc"
    })
final class CompletionCommand extends BaseCommand {
  @Override
  public Integer call() {
    String script = AutoComplete.bash("openai-ft", spec.root().commandLine());
    Echo.raw(out()).print(script);
    out().flush();
    return ExitCode.OK.code();
  }
}
