/**
 * The job archive ({@code reports/<job-id>/}): persisted events, fetched job data, reports and the
 * index page.
 */
package dev.openaift.archive;
