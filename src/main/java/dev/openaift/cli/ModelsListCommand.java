package dev.openaift.cli;

import dev.openaift.api.LifecycleGateway;
import dev.openaift.api.ModelEntry;
import dev.openaift.retirement.Shutdown;
import dev.openaift.retirement.Shutdowns;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code openai-ft models list}: models, newest first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List the models the key can use, newest first.",
      "",
      "--fine-tuned keeps only fine-tuned models (ft:...). SHUTDOWN is the model's shutdown_date,"
          + " else its base model's, else the dated table of known retirement dates (see 'openai-ft"
          + " inventory'); --json prints the API's own shutdown_date."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  openai-ft models list", "  openai-ft models list --fine-tuned --json"})
final class ModelsListCommand extends ApiCommand {
  @Option(names = "--fine-tuned", description = "Only fine-tuned models.")
  boolean fineTuned;

  @Option(names = "--json", description = "Print a JSON list of model objects.")
  boolean json;

  @Mixin RetirementOptions retirement;

  ModelsListCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    try (LifecycleGateway gateway = gateway()) {
      List<ModelEntry> models =
          gateway.listModels().stream()
              .filter(m -> !fineTuned || m.fineTuned())
              .sorted(
                  Comparator.comparing(
                          (ModelEntry m) -> m.created() == null ? Long.MIN_VALUE : m.created())
                      .reversed()
                      .thenComparing(m -> m.id() == null ? "" : m.id()))
              .toList();
      if (json) {
        ApiJson.print(out(), ApiJson.list(models, ApiJson::model));
        return ExitCode.OK.code();
      }
      if (models.isEmpty()) {
        out().println(fineTuned ? "No fine-tuned models." : "No models.");
        return ExitCode.OK.code();
      }
      Shutdowns shutdowns = retirement.shutdowns(context.clock()).withModels(models);
      TableFormatter t =
          new TableFormatter("ID", "CREATED", "OWNED BY", "SHUTDOWN", "DAYS LEFT").rightAligned(4);
      models.forEach(
          m -> {
            Shutdown s = shutdowns.of(m.id());
            t.add(m.id(), time(m.created()), m.ownedBy(), s.date(), s.daysLeft());
          });
      t.print(out());
      return ExitCode.OK.code();
    }
  }
}
