/** Checks a fine-tuning data file before upload: format, tokens, duplicates, epochs and cost. */
package dev.openaift.prepare;
