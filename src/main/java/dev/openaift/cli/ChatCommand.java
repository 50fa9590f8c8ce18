package dev.openaift.cli;

import dev.openaift.api.ChatCompletion;
import dev.openaift.api.ChatRequest;
import dev.openaift.api.LifecycleGateway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code openai-ft chat MODEL PROMPT}: one prompt to a (fine-tuned) model, its answer printed. */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = {
      "Try a fine-tuned model (or checkpoint) with one prompt.",
      "",
      "Prints the model's answer on standard output; a note on standard error says when"
          + " --max-tokens cut it short."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  openai-ft chat ft:gpt-4o-mini-2024-07-18:org:demo:abc123 \"Hello?\"",
      "  openai-ft chat MODEL \"Hi\" --system \"Answer briefly.\" --temperature 0"
    })
final class ChatCommand extends ApiCommand {
  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description = "The model, e.g. ft:gpt-4o-mini-2024-07-18:org:demo:abc123.")
  String model;

  @Parameters(index = "1", paramLabel = "PROMPT", description = "The user message.")
  String prompt;

  @Option(
      names = "--system",
      paramLabel = "TEXT",
      description = "A system message sent before the prompt.")
  String system;

  @Option(names = "--temperature", paramLabel = "T", description = "0 to 2 (default: the API's).")
  Double temperature;

  @Option(names = "--max-tokens", paramLabel = "N", description = "At most N tokens in the answer.")
  Integer maxTokens;

  @Option(names = "--json", description = "Print the chat completion as JSON.")
  boolean json;

  ChatCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    if (model.isBlank()) {
      throw usage("MODEL must not be empty");
    }
    if (prompt.isBlank()) {
      throw usage("PROMPT must not be empty");
    }
    if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
      throw usage("--temperature must be 0 to 2, got " + temperature);
    }
    if (maxTokens != null && maxTokens < 1) {
      throw usage("--max-tokens must be at least 1, got " + maxTokens);
    }
    try (LifecycleGateway gateway = gateway()) {
      ChatCompletion answer =
          gateway.complete(ChatRequest.prompt(model, system, prompt, temperature, maxTokens));
      if (json) {
        ApiJson.print(out(), ApiJson.chat(answer));
        return ExitCode.OK.code();
      }
      out().println(answer.content());
      out().flush();
      if ("length".equals(answer.finishReason())) {
        err()
            .println(
                "(the answer was cut at "
                    + (maxTokens == null ? "the token limit" : maxTokens + " tokens")
                    + ")");
      }
      return ExitCode.OK.code();
    }
  }
}
