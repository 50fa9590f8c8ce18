/**
 * The OpenAI API behind a small gateway interface that speaks our own records; the only package
 * importing openai-java.
 */
package dev.openaift.api;
