package dev.openaift.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.ApiException;
import dev.openaift.api.JobRequest;
import dev.openaift.api.Page;
import dev.openaift.api.UnusedGateway;
import dev.openaift.follow.FollowOptions;
import dev.openaift.follow.Retries;
import dev.openaift.job.Job;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link JobLauncher#createOnce}: a create is sent again only when it started no job. */
class CreateOnceTest {
  private static final String MODEL = "gpt-4o-mini-2024-07-18";
  private static final JobRequest REQUEST =
      new JobRequest(MODEL, "file-train", null, "s", null, Map.of());

  /**
   * The account's jobs, newest first; each create fails as {@code faults} says: "lost" starts the
   * job and loses the answer, "refused" starts nothing, "bad" is a 400.
   */
  private static final class Account extends UnusedGateway {
    final List<Job> jobs = new ArrayList<>();
    final List<String> faults;
    int sent;
    int listed;

    Account(List<String> faults) {
      this.faults = new ArrayList<>(faults);
    }

    @Override
    public Job createJob(JobRequest request) {
      sent++;
      String fault = faults.isEmpty() ? "" : faults.remove(0);
      if (fault.equals("bad")) {
        throw new ApiException(ApiException.Kind.BAD_REQUEST, 400, "invalid model", null);
      }
      if (fault.equals("refused")) {
        throw new ApiException(ApiException.Kind.SERVER, 503, "overloaded", null);
      }
      Job made = job("ftjob-" + (jobs.size() + 1), request.trainingFile(), request.suffix());
      jobs.add(0, made);
      if (fault.equals("lost")) {
        throw new ApiException(ApiException.Kind.NETWORK, "connection reset");
      }
      return made;
    }

    @Override
    public Page<Job> listJobs(String after, int limit) {
      listed++;
      return new Page<>(jobs.subList(0, Math.min(limit, jobs.size())), jobs.size() > limit);
    }
  }

  private static Job job(String id, String trainingFile, String suffix) {
    return job(id, trainingFile, suffix, null);
  }

  private static Job job(String id, String trainingFile, String suffix, Long seed) {
    return new Job(
        id,
        "validating_files",
        MODEL,
        null,
        null,
        1L,
        null,
        null,
        null,
        trainingFile,
        null,
        List.of(),
        "supervised",
        Map.of(),
        suffix,
        seed,
        null,
        null,
        Map.of());
  }

  private final List<String> notices = new ArrayList<>();
  private final List<Duration> waits = new ArrayList<>();

  private JobLauncher.Sending sending() {
    Clock clock = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
    return new JobLauncher.Sending(
        new Retries(clock, FollowOptions.defaults()), waits::add, notices::add);
  }

  @Test
  void aLostAnswerIsFoundInsteadOfSentAgain() {
    Account account = new Account(List.of("lost"));
    Job job = JobLauncher.createOnce(account, REQUEST, true, sending());
    assertEquals("ftjob-1", job.id());
    assertEquals(1, account.sent, "sent once");
    assertEquals(1, account.jobs.size());
    assertEquals(1, waits.size(), "one wait before looking");
    assertTrue(
        notices.get(notices.size() - 1).contains("job was started: ftjob-1"), notices.toString());
  }

  @Test
  void aCreateThatStartedNothingIsSentAgain() {
    Account account = new Account(List.of("refused", "refused"));
    Job job = JobLauncher.createOnce(account, REQUEST, true, sending());
    assertEquals(3, account.sent);
    assertEquals(1, account.jobs.size());
    assertEquals("ftjob-1", job.id());
    assertEquals(2, account.listed, "looked before each resend");
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), waitsRounded());
    assertFalse(notices.stream().anyMatch(n -> n.contains("job was started")), notices.toString());
  }

  @Test
  void aJobThereBeforeTheCreateIsNotTakenForIt() {
    Account account = new Account(List.of("refused"));
    account.jobs.add(job("ftjob-earlier", "file-train", "s"));
    Job job = JobLauncher.createOnce(account, REQUEST, false, sending());
    assertEquals("ftjob-2", job.id(), "the earlier identical job is not this create's");
    assertEquals(2, account.sent);
    assertEquals(2, account.listed, "once before sending, once after the fault");
  }

  @Test
  void anotherRequestsJobIsNotTaken() {
    Account account = new Account(List.of("lost"));
    JobRequest other = new JobRequest(MODEL, "file-train", null, "t", null, Map.of());
    Job made = JobLauncher.createOnce(account, other, true, sending());
    account.faults.add("lost");
    Job second = JobLauncher.createOnce(account, REQUEST, true, sending());
    assertEquals("ftjob-1", made.id());
    assertEquals("ftjob-2", second.id(), "suffix t is not suffix s");
  }

  @Test
  void givingUpSaysTheLastAttemptMayHaveStartedTheJob() {
    Account account = new Account(java.util.Collections.nCopies(100, "refused"));
    Instant[] now = {Instant.parse("2026-12-07T12:00:00Z")};
    Clock moving =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    JobLauncher.Sending sending =
        new JobLauncher.Sending(
            new Retries(moving, FollowOptions.defaults()),
            wait -> now[0] = now[0].plus(wait),
            notices::add);
    ApiException e =
        assertThrows(
            ApiException.class, () -> JobLauncher.createOnce(account, REQUEST, true, sending));
    assertEquals(ApiException.Kind.SERVER, e.kind());
    assertTrue(e.getMessage().startsWith("overloaded"), e.getMessage());
    assertTrue(e.getMessage().contains("may still have started the job"), e.getMessage());
    assertTrue(account.sent > 5, "sent " + account.sent);
    assertEquals(0, account.jobs.size());
  }

  @Test
  void aRefusalIsThrownAtOnce() {
    Account account = new Account(List.of("bad"));
    ApiException e =
        assertThrows(
            ApiException.class, () -> JobLauncher.createOnce(account, REQUEST, true, sending()));
    assertEquals(ApiException.Kind.BAD_REQUEST, e.kind());
    assertEquals(1, account.sent);
    assertEquals(0, account.listed);
  }

  @Test
  void whatAJobObjectDoesNotCarryIsNotHeldAgainstIt() {
    Job noSuffix = job("ftjob-x", "file-train", null);
    assertTrue(JobLauncher.sameRequest(noSuffix, REQUEST));
    assertFalse(JobLauncher.sameRequest(job("ftjob-y", "file-other", "s"), REQUEST));
    JobRequest alias = new JobRequest("gpt-4o-mini", "file-train", null, "s", null, Map.of());
    assertTrue(JobLauncher.sameRequest(noSuffix, alias), "a snapshot of the alias asked for");
    JobRequest seeded = new JobRequest(MODEL, "file-train", null, "s", 7L, Map.of());
    Job otherSeed = job("ftjob-z", "file-train", "s", 8L);
    assertFalse(JobLauncher.sameRequest(otherSeed, seeded));
  }

  private List<Duration> waitsRounded() {
    return waits.stream().map(d -> Duration.ofSeconds(Math.round(d.toMillis() / 1000.0))).toList();
  }
}
