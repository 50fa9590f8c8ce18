package dev.openaift.lifecycle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.ApiException;
import org.junit.jupiter.api.Test;

/** Which API errors mean "the platform no longer accepts new fine-tuning jobs". */
class NewJobsRefusalTest {
  private static ApiException error(int status, String code, String message) {
    return new ApiException(ApiException.Kind.BAD_REQUEST, status, "x", null)
        .withApiError(code, message);
  }

  @Test
  void theCodeOrTheWordingOfARefusal() {
    assertTrue(JobLauncher.newJobsRefused(error(403, "fine_tuning_unavailable", "anything")));
    assertTrue(
        JobLauncher.newJobsRefused(
            error(400, null, "Fine-tuning is no longer available for new jobs.")));
    assertTrue(
        JobLauncher.newJobsRefused(error(403, null, "We no longer accept new fine-tuning jobs.")));
    assertTrue(
        JobLauncher.newJobsRefused(
            error(400, "invalid_request", "New fine-tuning jobs can no longer be created.")));
  }

  @Test
  void notAnOrdinaryBadRequestNorAFault() {
    assertFalse(
        JobLauncher.newJobsRefused(
            error(
                400,
                "model_not_available",
                "Model gpt-9 is not available for fine-tuning or does not exist.")));
    assertFalse(
        JobLauncher.newJobsRefused(
            error(400, null, "Invalid file ID 'file-x' for 'training_file'.")));
    assertFalse(
        JobLauncher.newJobsRefused(
            error(429, null, "Fine-tuning is not available right now, slow down.")));
    assertFalse(JobLauncher.newJobsRefused(error(500, null, "Fine-tuning is no longer available")));
    assertFalse(JobLauncher.newJobsRefused(error(403, null, null)));
  }
}
