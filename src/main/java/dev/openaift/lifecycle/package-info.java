/**
 * The fine-tuning lifecycle around jobs: check and upload files, the API's limits on a job request,
 * plan and start jobs, and retrain an archived job where fine-tuning still works (Azure's table of
 * what it trains).
 */
package dev.openaift.lifecycle;
