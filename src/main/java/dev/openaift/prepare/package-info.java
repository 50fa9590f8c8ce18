/**
 * Checks a fine-tuning data file before upload: format, tokens, duplicates, epochs and cost (prices
 * and token counts come from {@code models}).
 */
package dev.openaift.prepare;
