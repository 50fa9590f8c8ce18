/**
 * Scoring model answers against references: text metrics, JSON agreement, classification, paired
 * comparisons (bootstrap, McNemar) and per-model usage figures. Pure functions over strings and arrays;
 * no I/O, no API.
 */
package dev.openaift.eval;
