package dev.openaift.follow;

import dev.openaift.job.JobEvent;
import java.util.List;

/**
 * The events of one job already seen, so that none is reported twice. The follow loop asks
 * {@link #contains} while paging and hands over each batch of new events, oldest first, to
 * {@link #append} before it reports them. A file-backed store makes a rerun resume without duplicates.
 */
public interface EventStore {

  /** Whether the event with this id was seen before. */
  boolean contains(String eventId);

  /** Records new events (never seen before), oldest first. */
  void append(List<JobEvent> newEventsOldestFirst);

  /** How many events are stored. */
  int size();
}
