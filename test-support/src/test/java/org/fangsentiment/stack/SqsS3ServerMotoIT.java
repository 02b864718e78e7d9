package org.fangsentiment.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.PipelineContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Holds {@link SqsServer} and {@link S3Server} to moto_server: the same sequence of calls, through the
 * production clients, to both, and the answers that matter compared (ids and bodies, MD5s, counts, the
 * redrive, batch failures, errors, listings). Finds moto_server as {@link ComprehendServerMotoIT} does:
 * the one of {@code .ci/moto-crosscheck} ({@code FANG_TEST_BACKEND=endpoint} and {@code AWS_ENDPOINT_URL}),
 * else one started from the PATH; without one it is skipped here, and the cross-check (which requires
 * moto under {@code CI=true}) fails unless this class ran.
 */
class SqsS3ServerMotoIT {

    private static Process moto;
    private static SqsServer ourSqs;
    private static S3Server ourS3;
    private static AwsClients motoClients;
    private static AwsClients ourClients;

    @BeforeAll
    static void start() throws Exception {
        ourSqs = SqsServer.start("us-east-1");
        ourS3 = S3Server.start("us-east-1");
        ourClients = AwsClients.forEndpoints(new AwsClients.Endpoints(ourSqs.endpoint(), ourSqs.endpoint(),
                ourS3.endpoint()), Region.US_EAST_1);
        String given = System.getenv("AWS_ENDPOINT_URL");
        if ("endpoint".equalsIgnoreCase(System.getenv("FANG_TEST_BACKEND")) && given != null && !given.isBlank()) {
            motoClients = AwsClients.forEndpoints(AwsClients.Endpoints.single(URI.create(given.trim())), Region.US_EAST_1);
            return;
        }
        String motoServer = onPath("moto_server");
        // Under CI a missing moto_server is a failure, never a skip (as .ci/require-tool makes it for the script).
        assertTrue(motoServer != null || !"true".equals(System.getenv("CI")),
                "moto_server is not on the PATH, and CI=true: install it (pip install 'moto[server]')");
        assumeTrue(motoServer != null, "moto_server is not on the PATH: the SQS and S3 cross-check runs in "
                + ".ci/moto-crosscheck, which fails under CI=true without it");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        moto = new ProcessBuilder(motoServer, "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        awaitListening(port, Duration.ofSeconds(60));
        motoClients = AwsClients.forEndpoints(AwsClients.Endpoints.single(URI.create("http://127.0.0.1:" + port)),
                Region.US_EAST_1);
    }

    @AfterAll
    static void stop() {
        if (ourSqs != null) {
            ourSqs.close();
        }
        if (ourS3 != null) {
            ourS3.close();
        }
        if (moto != null) {
            moto.destroy();
        }
    }

    /** What one SQS sequence observed, to compare between the two servers. */
    private static List<Object> sqsSequence(SqsClient sqs) {
        List<Object> seen = new ArrayList<>();
        String base = "x-" + UUID.randomUUID().toString().substring(0, 8);
        ResourceSetup.Queues queues = new ResourceSetup(null, sqs, null).ensureQueues(base, Duration.ofSeconds(30));
        seen.add(sqs.getQueueAttributes(g -> g.queueUrl(queues.queueUrl()).attributeNames(
                QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributesAsStrings());
        var sent = sqs.sendMessage(s -> s.queueUrl(queues.queueUrl()).messageBody("{\"name\":\"Acme é\"}")
                .messageAttributes(Map.of(PipelineContract.RUN_ID_ATTRIBUTE,
                        MessageAttributeValue.builder().dataType("String").stringValue("run-1").build())));
        seen.add(sent.md5OfMessageBody());
        seen.add(sent.md5OfMessageAttributes());
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody("body " + i).build());
        }
        SendMessageBatchResponse batch = sqs.sendMessageBatch(b -> b.queueUrl(queues.queueUrl()).entries(entries));
        seen.add(batch.successful().stream().map(s -> s.id() + ":" + s.md5OfMessageBody()).sorted().toList());
        seen.add(sqs.getQueueAttributes(g -> g.queueUrl(queues.queueUrl()).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributesAsStrings());
        List<Message> got = new ArrayList<>();
        for (int i = 0; i < 4 && got.size() < 4; i++) {
            got.addAll(sqs.receiveMessage(r -> r.queueUrl(queues.queueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All").messageSystemAttributeNamesWithStrings("ApproximateReceiveCount"))
                    .messages());
        }
        seen.add(got.stream().map(m -> m.body() + "|" + m.md5OfBody() + "|" + m.md5OfMessageAttributes() + "|"
                + m.messageAttributes() + "|" + m.attributesAsStrings()).sorted().toList());
        seen.add(sqs.getQueueAttributes(g -> g.queueUrl(queues.queueUrl()).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributesAsStrings());
        var deleted = sqs.deleteMessageBatch(d -> d.queueUrl(queues.queueUrl()).entries(got.stream()
                .filter(m -> !m.body().equals("body 0"))
                .map(m -> software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry.builder()
                        .id(m.messageId().replace("-", "")).receiptHandle(m.receiptHandle()).build()).toList()));
        seen.add(deleted.successful().size());
        // The one left: back at once, then received until it moves to the dead-letter queue.
        Message left = got.stream().filter(m -> m.body().equals("body 0")).findFirst().orElseThrow();
        sqs.changeMessageVisibility(c -> c.queueUrl(queues.queueUrl()).receiptHandle(left.receiptHandle()).visibilityTimeout(0));
        int receives = 1;
        for (int i = 0; i < PipelineContract.MAX_RECEIVE_COUNT + 2; i++) {
            receives += sqs.receiveMessage(r -> r.queueUrl(queues.queueUrl()).visibilityTimeout(0)).messages().size();
        }
        seen.add(receives);
        List<Message> dead = sqs.receiveMessage(r -> r.queueUrl(queues.deadLetterQueueUrl()).waitTimeSeconds(1)).messages();
        seen.add(dead.stream().map(Message::body).toList());
        seen.add(assertThrows(QueueDoesNotExistException.class, () -> sqs.getQueueUrl(g -> g.queueName(base + "-none")))
                .statusCode());
        return seen;
    }

    @Test
    void theSameSqsCallsGiveTheSameAnswers() {
        assertEquals(sqsSequence(motoClients.sqs()), sqsSequence(ourClients.sqs()));
    }

    private static List<Object> s3Sequence(S3Client s3) {
        List<Object> seen = new ArrayList<>();
        String bucket = "x-" + UUID.randomUUID().toString().substring(0, 8);
        new ResourceSetup(null, null, s3).ensureBucket(bucket);
        new ResourceSetup(null, null, s3).ensureBucket(bucket);
        for (int i = 0; i < 5; i++) {
            int n = i;
            seen.add(s3.putObject(p -> p.bucket(bucket).key("sentiment/dt=2026-12-05/c " + n + ".csv")
                    .contentType("text/csv; charset=utf-8"), RequestBody.fromString("a,b\n" + n + ",é\n")).eTag());
        }
        s3.putObject(p -> p.bucket(bucket).key("other.txt"), RequestBody.fromString("x"));
        var got = s3.getObjectAsBytes(g -> g.bucket(bucket).key("sentiment/dt=2026-12-05/c 3.csv"));
        seen.add(got.asUtf8String() + "|" + got.response().contentType() + "|" + got.response().eTag()
                + "|" + got.response().contentLength());
        List<String> keys = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String from = token;
            var page = s3.listObjectsV2(l -> l.bucket(bucket).prefix("sentiment/").maxKeys(2).continuationToken(from));
            pages++;
            page.contents().stream().map(o -> o.key() + ":" + o.size() + ":" + o.eTag()).forEach(keys::add);
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        seen.add(pages);
        seen.add(keys);
        seen.add(s3.listObjectsV2Paginator(l -> l.bucket(bucket)).contents().stream().map(S3Object::key).toList());
        seen.add(assertThrows(NoSuchKeyException.class, () -> s3.getObject(g -> g.bucket(bucket).key("missing")))
                .statusCode());
        seen.add(assertThrows(NoSuchBucketException.class, () -> s3.headBucket(h -> h.bucket(bucket + "-none")))
                .statusCode());
        return seen;
    }

    @Test
    void theSameS3CallsGiveTheSameAnswers() {
        assertEquals(s3Sequence(motoClients.s3()), s3Sequence(ourClients.s3()));
    }

    private static String onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File file = new File(dir, tool);
            if (file.canExecute()) {
                return file.getAbsolutePath();
            }
        }
        return null;
    }

    private static void awaitListening(int port, Duration limit) throws IOException, InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (!moto.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + moto.exitValue());
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100); // polling a condition (the port accepts), not waiting a guessed time
            }
        }
        throw new IllegalStateException("moto_server did not listen on port " + port + " within " + limit);
    }
}
