/**
 * Evaluation sessions: the workflow of {@code openai-ft eval} (and of {@code jobs create
 * --classification} after its job) above the pure scoring of {@code eval} and the pages of {@code
 * report}, beside the archive's own orchestration. A session names the results folder, loads the
 * reference answers, plans and prices what is missing, records it with {@code record}'s recorder,
 * asks the judge (each reply logged so a rerun pays nothing twice), scores, and writes the files.
 * It never prints and never asks the user itself: the command line gives it an {@link
 * dev.openaift.session.EvalListener} that does.
 */
package dev.openaift.session;
