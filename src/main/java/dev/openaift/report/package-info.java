/**
 * The report of one job: view model records, FreeMarker rendering of {@code index.html}, the
 * Jupyter notebook, and where the files go ({@link dev.openaift.report.ReportOutput}); the only
 * package that imports FreeMarker.
 */
package dev.openaift.report;
