/**
 * Result-file and event readers that map every format onto one canonical Tablesaw table, the smoothing,
 * the epoch table, the per-metric statistics and the findings of one job. The only package that imports
 * Tablesaw; what leaves it is plain records and arrays.
 */
package dev.openaift.metrics;
