package dev.openaift.follow;

import dev.openaift.job.Job;

/**
 * How following ended.
 *
 * @param job the last job polled (null if it was never polled)
 * @param interrupted true when stopped by {@link EventFollower#cancel()} or a thread interrupt
 *     before the job ended; false when the job is terminal and all events are in
 * @param newEvents how many new events were reported
 */
public record FollowResult(Job job, boolean interrupted, int newEvents) {}
