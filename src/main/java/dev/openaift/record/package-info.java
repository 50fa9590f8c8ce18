/**
 * Recording a model's answers to the prompts of a chat-format data file: the data reader, the
 * on-disk recording (header and append-only answers) and the resumable recorder.
 */
package dev.openaift.record;
