/**
 * Training sets for open models from what a fine-tune answered ({@code openai-ft distill}): a
 * recording (or a job's backed-up training file) as chat {@code messages} JSONL, split into
 * training, validation and an evaluation hold-out, with the commands to train, report and judge.
 */
package dev.openaift.distill;
