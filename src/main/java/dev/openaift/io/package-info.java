/**
 * The bottom of the house, using no other package of ours: atomic file writes (the one way this
 * tool replaces a file), the JSON mappers and field readers, the JSON lines log, a local input
 * file's error ({@link dev.openaift.io.InputFileException}) with the JSON library's messages in our
 * words ({@link dev.openaift.io.JsonErrors}), and {@link dev.openaift.io.Echo}, through which text
 * from files or the API reaches a terminal.
 */
package dev.openaift.io;
