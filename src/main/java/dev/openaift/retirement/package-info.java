/**
 * When models shut down and new fine-tuning jobs stop: the dated table, and days left by an
 * injected clock.
 */
package dev.openaift.retirement;
