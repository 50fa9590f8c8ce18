/**
 * Following a job: the polling loop (clock and sleeper injected), the seen-event store, and the
 * event printers.
 */
package dev.openaift.follow;
