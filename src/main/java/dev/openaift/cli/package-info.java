/**
 * The command line: one class per command on {@link dev.openaift.cli.BaseCommand} ({@link
 * dev.openaift.cli.ContextCommand} for those that use the context, {@link
 * dev.openaift.cli.ApiCommand} for those that talk to the API), the options several commands share
 * as mixins ({@code ReportsDirOption}, {@code TemplatesOption}, {@code PollOption}, {@code
 * ProgressOption}, {@code ConnectionOptions}, ...), the exit codes, and the one place that maps
 * errors to them. Commands parse, ask and print; the workflows they start live in the domain
 * packages.
 */
package dev.openaift.cli;
