package dev.openaift.api;

/**
 * The parts of an uploaded {@code file} object this tool uses.
 *
 * @param bytes size in bytes, -1 when the API did not say
 * @param createdAt unix seconds, or null
 */
public record FileInfo(String id, long bytes, Long createdAt, String filename, String purpose) {}
