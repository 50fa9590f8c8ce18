package dev.openaift.retirement;

import dev.openaift.api.LifecycleGateway;
import dev.openaift.api.ModelEntry;
import dev.openaift.api.Provider;
import dev.openaift.job.Job;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code inventory}'s workflow: the models and jobs the key sees, their shutdown dates, and what an
 * archive holds for each (a verified backup, recordings, a replacement verdict).
 *
 * @param statuses one per model or checkpoint (and base model with {@code all}), in the inventory's
 *     order
 * @param shutdowns the dates by which they were counted (the table with the models list's dates)
 */
public record InventoryScan(List<Readiness.Status> statuses, Shutdowns shutdowns) {

  /**
   * Lists the models, the jobs and their checkpoints through {@code gateway} and reads the archive
   * at {@code archiveRoot}.
   *
   * @param base the dated table to count days left with (the models list's dates go over it)
   * @param archived whether a job id is archived (its job file is in the archive)
   * @param all whether base models are listed too
   */
  public static InventoryScan take(
      LifecycleGateway gateway,
      Shutdowns base,
      Path archiveRoot,
      Predicate<String> archived,
      boolean all) {
    List<ModelEntry> models = gateway.listModels();
    List<Job> jobs = gateway.listJobsWithStatus(null, Integer.MAX_VALUE);
    // Azure's fine-tunes retire on Azure's schedule (the table's provider section), as archived
    // Azure jobs do; OpenAI's dates and models list are OpenAI's
    Shutdowns shutdowns =
        gateway.connection().isAzure()
            ? base.forProvider(Provider.AZURE.id())
            : base.withModels(models);
    List<Inventory.Row> rows =
        Inventory.build(models, jobs, gateway::listCheckpoints, archived, shutdowns, all);
    return new InventoryScan(
        Readiness.of(rows, ArchivedJobs.read(archiveRoot), ArchiveEvidence.read(archiveRoot)),
        shutdowns);
  }

  /**
   * The fine-tuned models (and checkpoints with {@code checkpoints}) that shut down within {@code
   * days} without a verified backup or a complete recording.
   */
  public List<Readiness.Status> atRisk(int days, boolean checkpoints) {
    return statuses.stream()
        .filter(st -> st.atRisk(days))
        .filter(st -> checkpoints || st.row().kind() == Inventory.Kind.MODEL)
        .toList();
  }
}
