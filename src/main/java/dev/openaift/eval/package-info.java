/**
 * Scoring model answers against references: text metrics, JSON agreement, classification, paired
 * comparisons (bootstrap, McNemar), the pairwise judge and per-model usage figures, plus the files
 * an evaluation writes ({@code eval.json}, {@code eval.csv}) and the judge's append-only verdict
 * log. No API calls: answers and judge replies come in as strings.
 */
package dev.openaift.eval;
