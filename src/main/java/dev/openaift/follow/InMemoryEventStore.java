package dev.openaift.follow;

import dev.openaift.job.JobEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** An {@link EventStore} in memory, optionally pre-filled (e.g. from an archive read elsewhere). */
public final class InMemoryEventStore implements EventStore {
  private final Set<String> ids = new HashSet<>();
  private final List<JobEvent> events = new ArrayList<>();

  public InMemoryEventStore() {}

  public InMemoryEventStore(Collection<JobEvent> alreadySeen) {
    append(List.copyOf(alreadySeen));
  }

  @Override
  public synchronized boolean contains(String eventId) {
    return ids.contains(eventId);
  }

  @Override
  public synchronized void append(List<JobEvent> newEventsOldestFirst) {
    for (JobEvent e : newEventsOldestFirst) {
      if (ids.add(e.id())) {
        events.add(e);
      }
    }
  }

  @Override
  public synchronized int size() {
    return events.size();
  }

  /** The stored events in the order they were appended (oldest first). */
  public synchronized List<JobEvent> events() {
    return List.copyOf(events);
  }
}
