/**
 * The local OpenAI-compatible fine-tuning API (files, jobs, events, checkpoints, models, chat) and
 * its training simulator.
 */
package dev.openaift.sandbox;
