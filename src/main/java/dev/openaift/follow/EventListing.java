package dev.openaift.follow;

import dev.openaift.api.FineTuningGateway;
import dev.openaift.api.Pages;
import dev.openaift.job.JobEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the latest events of a job (for {@code events --limit N}). */
public final class EventListing {
  private EventListing() {}

  /** The {@code limit} most recent events, oldest first; pages back as far as needed. */
  public static List<JobEvent> latest(FineTuningGateway gateway, String jobId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
    List<JobEvent> newestFirst = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Pages.Fetch<JobEvent> fetch =
        after -> gateway.listEvents(jobId, after, Math.min(100, limit - newestFirst.size()));
    Pages.walk(
        fetch,
        JobEvent::id,
        page -> {
          for (JobEvent e : page.data()) {
            if (newestFirst.size() < limit && seen.add(e.id())) {
              newestFirst.add(e);
            }
          }
          return newestFirst.size() < limit;
        });
    return EventFollower.oldestFirst(newestFirst);
  }
}
