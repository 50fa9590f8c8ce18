/**
 * Atomic file writes: the one way this tool replaces a file, so a reader never sees half of one.
 */
package dev.openaift.io;
