package org.fangsentiment.stack;

import java.time.Duration;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.PipelineContract;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Creates the pipeline's table, queue with dead-letter queue, and bucket on any AWS-compatible
 * endpoint, with the given {@link ResourceNames} and the settings of {@code template.yaml}
 * (partition key {@link PipelineContract#KEY_ATTRIBUTE}, redrive after
 * {@link PipelineContract#MAX_RECEIVE_COUNT} receives, dead letters kept
 * {@link PipelineContract#DLQ_RETENTION_DAYS} days). Idempotent: what exists is
 * kept, and the queue's attributes are set again. Encryption, public-access blocks and
 * point-in-time recovery are deployment settings that the template applies on AWS; emulators do
 * not model them, so they are not attempted here.
 */
public final class ResourceSetup {

    private static final Logger LOG = LogManager.getLogger(ResourceSetup.class);

    /** The queue URLs that {@link #ensure} created or found. */
    public record Queues(String queueUrl, String deadLetterQueueUrl, String deadLetterQueueArn) {
    }

    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final S3Client s3;

    public ResourceSetup(DynamoDbClient dynamoDb, SqsClient sqs, S3Client s3) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.s3 = s3;
    }

    public ResourceSetup(AwsClients clients) {
        this(clients.dynamoDb(), clients.sqs(), clients.s3());
    }

    /** Creates whatever of the configured resources is missing; the main queue hides a received message for {@code visibilityTimeout}. */
    public Queues ensure(ResourceNames names, Duration visibilityTimeout) {
        ensureTable(names.table());
        Queues queues = ensureQueues(names.queue(), visibilityTimeout);
        ensureBucket(names.bucket());
        return queues;
    }

    public void ensureTable(String tableName) {
        try {
            dynamoDb.createTable(table -> table
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder()
                            .attributeName(PipelineContract.KEY_ATTRIBUTE)
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder()
                            .attributeName(PipelineContract.KEY_ATTRIBUTE)
                            .keyType(KeyType.HASH).build()));
            dynamoDb.waiter().waitUntilTableExists(wait -> wait.tableName(tableName));
            LOG.info("Created table {}", tableName);
        } catch (ResourceInUseException alreadyThere) {
            LOG.info("Table {} exists", tableName);
        }
    }

    /** Creates the queue named {@code queueName} and its dead-letter queue, wired as the template wires them. */
    public Queues ensureQueues(String queueName, Duration visibilityTimeout) {
        String dlqUrl = ensureQueue(PipelineContract.deadLetterQueueName(queueName), Map.of(
                QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                String.valueOf(Duration.ofDays(PipelineContract.DLQ_RETENTION_DAYS).toSeconds())));
        String dlqArn = sqs.getQueueAttributes(get -> get.queueUrl(dlqUrl)
                        .attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\""
                + PipelineContract.MAX_RECEIVE_COUNT + "\"}";
        String queueUrl = ensureQueue(queueName, Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(visibilityTimeout.toSeconds()),
                QueueAttributeName.REDRIVE_POLICY, redrive));
        return new Queues(queueUrl, dlqUrl, dlqArn);
    }

    private String ensureQueue(String name, Map<QueueAttributeName, String> attributes) {
        try {
            String url = sqs.getQueueUrl(get -> get.queueName(name)).queueUrl();
            sqs.setQueueAttributes(set -> set.queueUrl(url).attributes(attributes));
            LOG.info("Queue {} exists; attributes set", name);
            return url;
        } catch (QueueDoesNotExistException missing) {
            LOG.info("Creating queue {}", name);
            return sqs.createQueue(create -> create.queueName(name).attributes(attributes)).queueUrl();
        }
    }

    public void ensureBucket(String bucketName) {
        try {
            s3.headBucket(head -> head.bucket(bucketName));
            LOG.info("Bucket {} exists", bucketName);
        } catch (NoSuchBucketException missing) {
            try {
                s3.createBucket(create -> create.bucket(bucketName));
                LOG.info("Created bucket {}", bucketName);
            } catch (BucketAlreadyOwnedByYouException raced) {
                LOG.info("Bucket {} exists", bucketName);
            }
        }
    }
}
