/**
 * Models and prices: the dated catalogue of fine-tunable models ({@code models.json}: encodings,
 * context limits, the training formats each takes, training and inference prices), token counting,
 * training and inference cost estimates, and the one wording of a dollar amount. Used by {@code
 * prepare}, {@code generate}, {@code record}, {@code archive} and the command line.
 */
package dev.openaift.models;
