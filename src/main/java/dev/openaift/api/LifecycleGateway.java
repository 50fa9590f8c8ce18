package dev.openaift.api;

import dev.openaift.job.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rest of the API a user needs around fine-tuning jobs: files, models and a chat completion to
 * try a model. Every method throws {@link ApiException} on failure.
 */
public interface LifecycleGateway extends FineTuningGateway, ChatGateway {
  /** Both parents release the same connections. */
  @Override
  default void close() {}

  /**
   * {@code POST /files} (multipart) with any purpose the API takes ({@code fine-tune}, {@code
   * batch}, {@code assistants}, ...).
   */
  FileInfo uploadFile(String filename, byte[] content, String purpose);

  /** {@code GET /files}, every page, newest first. */
  List<FileInfo> listFiles();

  /** {@code DELETE /files/{id}}; whether the API says it is deleted. */
  boolean deleteFile(String fileId);

  /** {@code GET /models}, in the API's order. */
  List<ModelEntry> listModels();

  /** {@code DELETE /models/{id}} (fine-tuned models only); whether the API says it is deleted. */
  boolean deleteModel(String model);

  /**
   * {@code GET /fine_tuning/checkpoints/{checkpoint}/permissions}, every page: the projects a
   * checkpoint model is shared with, each as the API's object (plain maps, numbers and strings).
   * Keys that may not administer permissions get 401/403 ({@link ApiException.Kind#UNAUTHORIZED}).
   */
  List<Map<String, Object>> checkpointPermissions(String checkpointModel);

  /**
   * Jobs newest first, at most {@code limit}, only those with {@code status} when it is not null.
   * The API has no status filter, so pages are read until {@code limit} matching jobs are found or
   * the list ends.
   */
  default List<Job> listJobsWithStatus(String status, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    List<Job> out = new ArrayList<>();
    int pageSize = status == null ? Math.min(limit, 100) : 100;
    Pages.walk(
        after -> listJobs(after, pageSize),
        Job::id,
        page -> {
          for (Job j : page.data()) {
            if ((status == null || status.equals(j.status())) && out.size() < limit) {
              out.add(j);
            }
          }
          return out.size() < limit;
        });
    return out;
  }
}
