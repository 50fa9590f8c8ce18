/**
 * Plain figure descriptions (title, traces, epoch lines) drawn to PNG with XChart, with the
 * downsampling that bounds what is drawn; the only package that imports XChart.
 */
package dev.openaift.plot;
