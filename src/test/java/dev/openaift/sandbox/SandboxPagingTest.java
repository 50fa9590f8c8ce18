package dev.openaift.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import com.openai.models.finetuning.jobs.JobCreateParams;
import dev.openaift.Await;
import dev.openaift.api.Connection;
import dev.openaift.api.OpenAiGateway;
import dev.openaift.api.Pages;
import dev.openaift.follow.EventListing;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Pages} through the real gateway against the sandbox, with injected faults (429, 500, 503,
 * dropped connections) on 30% of the requests: pages of 1 and 2 give the same items as one large
 * page, none skipped or repeated by a retry in the middle of a listing.
 */
class SandboxPagingTest {

  @Test
  void pagesOfOneAndTwoUnderFaultsMatchOneLargePage() throws Exception {
    SandboxConfig cfg =
        SandboxConfig.defaults()
            .withStepDelayMs(2)
            .withSeed(23)
            .withFaultRate(0.3)
            .withSlowFaultMs(5);
    try (Sandbox sb = Sandbox.start(cfg);
        OpenAiGateway gateway =
            new OpenAiGateway(
                new Connection(
                    sb.apiKey(), sb.baseUrl().toString(), null, null, 30, Duration.ofSeconds(20)),
                wait -> {},
                Clock.systemUTC())) {
      assertEquals(
          List.of(), Pages.all(after -> gateway.listJobs(after, 2), Job::id), "an empty list");

      OpenAIClient sdk = SandboxFixture.client(sb, 30);
      try {
        String file =
            sdk.files()
                .create(
                    FileCreateParams.builder()
                        .file(SandboxFixture.examples(10).getBytes(StandardCharsets.UTF_8))
                        .purpose(FilePurpose.FINE_TUNE)
                        .build())
                .validate()
                .id();
        for (int i = 0; i < 5; i++) {
          sdk.fineTuning()
              .jobs()
              .create(
                  JobCreateParams.builder()
                      .model("gpt-4o-mini")
                      .trainingFile(file)
                      .seed((long) i)
                      .method(SandboxFixture.supervised(1L))
                      .build());
        }
      } finally {
        sdk.close();
      }

      List<String> oneLargePage = ids(gateway.listJobs(null, 100).data());
      assertEquals(5, oneLargePage.size());
      for (int size : new int[] {1, 2}) {
        int pageSize = size;
        assertEquals(
            oneLargePage,
            ids(Pages.all(after -> gateway.listJobs(after, pageSize), Job::id)),
            "jobs in pages of " + size);
      }
      assertEquals(oneLargePage.subList(0, 3), ids(gateway.listJobsWithStatus(null, 3)));

      String job = oneLargePage.get(0);
      Job done = awaitTerminal(gateway, job);
      assertEquals("succeeded", done.status());
      List<JobEvent> all = gateway.listEvents(job, null, 100).data();
      assertTrue(all.size() > 5 && all.size() < 100, "events: " + all.size());
      for (int size : new int[] {1, 2}) {
        int pageSize = size;
        List<JobEvent> paged =
            Pages.all(after -> gateway.listEvents(job, after, pageSize), JobEvent::id);
        assertEquals(all, paged, "events in pages of " + size);
        assertEquals(paged.size(), new HashSet<>(paged).size());
      }
      List<JobEvent> latest = EventListing.latest(gateway, job, 4);
      List<JobEvent> newestFour = new ArrayList<>(all.subList(0, 4));
      java.util.Collections.reverse(newestFour);
      assertEquals(newestFour, latest);
      assertTrue(sb.faultStats().totalFaults() > 10, "faults injected: " + sb.faultStats());
    }
  }

  private static List<String> ids(List<Job> jobs) {
    return jobs.stream().map(Job::id).toList();
  }

  /** Polls the job (30 s at most) until it has ended. */
  private static Job awaitTerminal(OpenAiGateway gateway, String jobId) {
    return Await.until(
        "job " + jobId + " to end",
        Duration.ofSeconds(30),
        () -> gateway.getJob(jobId),
        Job::isTerminal);
  }
}
