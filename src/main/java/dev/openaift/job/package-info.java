/**
 * The fine-tuning objects (job, event, checkpoint) as our own records: their wire codec ({@link
 * dev.openaift.job.JobJson}), the tolerant reader of the archive's files ({@link
 * dev.openaift.job.JobFiles}) and their writers ({@link dev.openaift.job.JobFileWriter}).
 */
package dev.openaift.job;
