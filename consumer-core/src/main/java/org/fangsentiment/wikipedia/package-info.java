/**
 * The Wikipedia client: for one company, the lead summary of the right English Wikipedia article.
 *
 * <p>{@link org.fangsentiment.wikipedia.WikipediaClient} answers with a
 * {@link org.fangsentiment.wikipedia.WikiSummary} whose
 * {@link org.fangsentiment.wikipedia.LookupStatus} is a definitive answer, or throws a
 * {@link org.fangsentiment.wikipedia.TransientLookupException} when no answer could be had in the
 * time budget (the consumer then reports a batch item failure and the message comes back later).
 */
package org.fangsentiment.wikipedia;
