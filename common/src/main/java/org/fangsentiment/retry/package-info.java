/**
 * The one retry pacing of the project: {@link org.fangsentiment.retry.Backoff} computes the waits,
 * a {@link org.fangsentiment.retry.Sleeper} spends them. Used by the producer's queue sender and the
 * consumer's Wikipedia client.
 */
package org.fangsentiment.retry;
