/**
 * The job archive ({@code reports/}) and the workflows that write into it. {@link
 * dev.openaift.archive.Archive} is the one owner of writing there: the lock between runs, the dates
 * every page counts with, folder names, the index. Around it: the event log on disk, the archiver
 * of one job (fetch, then report), the follow session, backup with its manifest and verification,
 * and the report workflows the {@code report} command starts (a job online, an archived folder or
 * loose files, a Hugging Face Trainer run).
 */
package dev.openaift.archive;
