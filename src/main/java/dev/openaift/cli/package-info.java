/**
 * The command line: one class per command, the exit codes, and the one place that maps errors to
 * them.
 */
package dev.openaift.cli;
