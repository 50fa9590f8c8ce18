/**
 * When models shut down and new fine-tuning jobs stop: the dated table and the models list, days
 * left by an injected clock, the policy for starting a job near a date, the inventory of what an
 * account and an archive hold per model with its readiness view, and the plan for recording every
 * model that still answers.
 */
package dev.openaift.retirement;
