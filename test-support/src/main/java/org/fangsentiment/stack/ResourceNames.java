package org.fangsentiment.stack;

import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.config.ProducerConfig;

/**
 * The names of one set of pipeline resources on an emulator or account: the table, the queue (its
 * dead-letter queue is named after it) and the bucket.
 *
 * @param table DynamoDB table of companies
 * @param queue SQS queue between producer and consumer
 * @param bucket S3 bucket for the CSV files
 */
public record ResourceNames(String table, String queue, String bucket) {

    /** The names a local run uses when none are given. */
    public static ResourceNames defaults() {
        return new ResourceNames(PipelineContract.DEFAULT_TABLE_NAME, PipelineContract.DEFAULT_QUEUE_NAME,
                PipelineContract.DEFAULT_BUCKET_NAME);
    }

    /** The queue that takes a message after {@link PipelineContract#MAX_RECEIVE_COUNT} receives. */
    public String deadLetterQueue() {
        return PipelineContract.deadLetterQueueName(queue);
    }

    /** The producer's default configuration, pointed at these resources. */
    public ProducerConfig producerConfig() {
        return ProducerConfig.defaults().withResources(table, queue);
    }

    /** The consumer's default configuration, pointed at this bucket. */
    public ConsumerConfig consumerConfig() {
        return ConsumerConfig.defaults().withBucket(bucket);
    }
}
