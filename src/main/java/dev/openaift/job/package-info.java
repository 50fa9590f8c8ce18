/**
 * The fine-tuning objects (job, event, checkpoint) as our own records, and the archive's JSON
 * files.
 */
package dev.openaift.job;
