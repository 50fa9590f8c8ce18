package dev.openaift.follow;

import dev.openaift.job.JobEvent;
import java.util.List;

/**
 * The events of one job already seen, so that none is reported twice. The follow loop asks {@link
 * #contains} while paging and hands over each batch of new events, oldest first, to {@link #append}
 * before it reports them. A file-backed store makes a rerun resume without duplicates.
 */
public interface EventStore {

  /** Whether the event with this id was seen before. */
  boolean contains(String eventId);

  /**
   * Records new events (never seen before), oldest first, and ends the read: what {@link #hold}
   * kept is dropped, also when the read found nothing new.
   */
  void append(List<JobEvent> newEventsOldestFirst);

  /**
   * Keeps a page of a read still paging back through a backlog (newest first, the page's events not
   * stored yet), so that a run killed before the read ends keeps what it fetched. The read's {@link
   * #append} drops what is held. By default nothing is kept (a store in memory dies with the run
   * anyway).
   */
  default void hold(List<JobEvent> pageNewestFirst) {}

  /**
   * The events an unfinished read held (see {@link #hold}), newest first as they were held, without
   * those stored since; empty by default.
   */
  default List<JobEvent> held() {
    return List.of();
  }

  /** How many events are stored. */
  int size();
}
