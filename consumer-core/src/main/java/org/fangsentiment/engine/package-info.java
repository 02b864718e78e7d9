/**
 * What scores a summary: {@link org.fangsentiment.engine.SentimentEngine}, with CoreNLP in the
 * function ({@link org.fangsentiment.engine.CoreNlpEngine}, the default) or Amazon Comprehend
 * ({@link org.fangsentiment.engine.ComprehendEngine}), chosen by {@code SENTIMENT_ENGINE}
 * ({@link org.fangsentiment.engine.SentimentEngines}).
 */
package org.fangsentiment.engine;
