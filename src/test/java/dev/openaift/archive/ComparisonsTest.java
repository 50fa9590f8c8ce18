package dev.openaift.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.openaift.job.Job;
import dev.openaift.job.JobFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a comparison finds in an archive written by the other commands (backup, eval --job). */
class ComparisonsTest {
  @TempDir Path archive;

  @Test
  void anEvaluationAttachedByEvalIsShown() throws IOException {
    Path job = Files.createDirectories(archive.resolve("ftjob-a"));
    Path eval = Files.createDirectories(job.resolve("evals").resolve("train-2026"));
    Files.writeString(
        eval.resolve("eval.json"),
        "{\"format\":\"openai-ft.eval\",\"examples\":12,\"models\":{"
            + "\"ft:x\":{\"metrics\":{\"exact\":{\"mean\":0.75}}}}}");

    Map<String, String> found = Comparisons.evaluation(job);

    assertEquals(
        Map.of("evals/train-2026: examples", "12", "evals/train-2026: ft:x exact (mean)", "0.75"),
        found);
  }

  @Test
  void aDataFileBackedUpAtTheArchiveRootGivesItsSha256() throws IOException {
    Path job = Files.createDirectories(archive.resolve("ftjob-a"));
    Files.copy(
        Path.of("src/test/resources/fixtures/jobs/succeeded/job.json"), job.resolve("job.json"));
    Path copy = Files.createDirectories(archive.resolve(Backup.FILES_DIR).resolve("file-TrAiN123"));
    Files.writeString(copy.resolve(Backup.FILE_META), "{\"id\":\"file-TrAiN123\"}");
    Files.write(copy.resolve("train.jsonl"), "abc".getBytes(StandardCharsets.UTF_8));
    Job j = JobFiles.readJob(job.resolve("job.json"));

    Map<String, String> files = Comparisons.dataFiles(j, job);

    // sha256("abc")
    assertEquals(
        "file-TrAiN123 · sha256 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        files.get("training file"));
  }

  @Test
  void aJobAnotherProviderTrainedHasNoPriceFromOpenAisTable() throws IOException {
    Job j = JobFiles.readJob(Path.of("src/test/resources/fixtures/jobs/succeeded/job.json"));
    dev.openaift.models.ModelCatalog catalog = dev.openaift.models.ModelCatalog.builtIn();
    String openAi =
        Comparisons.cost(j, catalog, new JobSource("openai", "api.openai.com", null, null));
    org.junit.jupiter.api.Assertions.assertTrue(openAi.startsWith("$"), openAi);
    assertEquals(openAi, Comparisons.cost(j, catalog, null), "an older folder without source.json");
    assertEquals(
        null,
        Comparisons.cost(
            j, catalog, new JobSource("azure", "myres.openai.azure.com", "2024-10-21", null)));
  }
}
