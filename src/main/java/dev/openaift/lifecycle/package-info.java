/**
 * The fine-tuning lifecycle around jobs: check and upload files, plan and start jobs, clean up
 * files.
 */
package dev.openaift.lifecycle;
