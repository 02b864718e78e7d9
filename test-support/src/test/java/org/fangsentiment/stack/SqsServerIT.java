package org.fangsentiment.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.PipelineContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchRequestTooLongException;
import software.amazon.awssdk.services.sqs.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sqs.model.TooManyEntriesInBatchRequestException;
import software.amazon.awssdk.services.sqs.model.UnsupportedOperationException;

/**
 * {@link SqsServer} through the real SDK client, with the SDK's MD5 checks on (the production client
 * turns them off): redrive after maxReceiveCount, visibility expiry, long polls woken by a send and ending
 * at their wait time, batch limits and per-entry failures, stale receipt handles, and the resource setup
 * the pipeline runs.
 */
class SqsServerIT {

    private static SqsServer server;
    private static SqsClient sqs;

    @BeforeAll
    static void start() throws Exception {
        server = SqsServer.start("us-east-1");
        sqs = SqsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        AwsClients.EMULATOR_ACCESS_KEY, AwsClients.EMULATOR_SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .checksumValidationEnabled(true).build();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        server.close();
    }

    private static String queue(Map<QueueAttributeName, String> attributes) {
        String name = "q-" + UUID.randomUUID().toString().substring(0, 8);
        return sqs.createQueue(c -> c.queueName(name).attributes(attributes)).queueUrl();
    }

    private static long count(String url, QueueAttributeName name) {
        return Long.parseLong(sqs.getQueueAttributes(g -> g.queueUrl(url).attributeNames(name)).attributes().get(name));
    }

    @Test
    void resourceSetupWiresTheQueueToItsDeadLetterQueueAndRedrivesAfterMaxReceiveCount() {
        ResourceSetup.Queues queues = new ResourceSetup(null, sqs, null).ensureQueues("redrive-" + UUID.randomUUID()
                .toString().substring(0, 8), Duration.ofSeconds(30));
        String sent = sqs.sendMessage(s -> s.queueUrl(queues.queueUrl()).messageBody("poison")).messageId();
        for (int i = 1; i <= PipelineContract.MAX_RECEIVE_COUNT; i++) {
            List<Message> got = sqs.receiveMessage(r -> r.queueUrl(queues.queueUrl()).visibilityTimeout(0)
                    .messageSystemAttributeNamesWithStrings("ApproximateReceiveCount")).messages();
            assertEquals(1, got.size(), "receive " + i);
            assertEquals(Integer.toString(i), got.get(0).attributesAsStrings().get("ApproximateReceiveCount"));
        }
        // The next receive moves it instead of delivering it.
        assertEquals(List.of(), sqs.receiveMessage(r -> r.queueUrl(queues.queueUrl())).messages());
        List<Message> dead = sqs.receiveMessage(r -> r.queueUrl(queues.deadLetterQueueUrl())
                .messageSystemAttributeNamesWithStrings("All")).messages();
        assertEquals(1, dead.size());
        assertEquals(sent, dead.get(0).messageId());
        assertEquals("poison", dead.get(0).body());
        assertEquals(0, count(queues.queueUrl(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        // Idempotent, as ResourceSetup is against SQS.
        new ResourceSetup(null, sqs, null).ensureQueues(queues.queueUrl().substring(queues.queueUrl().lastIndexOf('/') + 1),
                Duration.ofSeconds(45));
        assertEquals("45", sqs.getQueueAttributes(g -> g.queueUrl(queues.queueUrl())
                .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)).attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT));
    }

    @Test
    void aMessageComesBackWhenItsVisibilityLapsesWithANewReceiptHandle() throws Exception {
        String url = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"));
        sqs.sendMessage(s -> s.queueUrl(url).messageBody("again"));
        Message first = sqs.receiveMessage(r -> r.queueUrl(url)).messages().get(0);
        assertEquals(1, count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        assertEquals(List.of(), sqs.receiveMessage(r -> r.queueUrl(url)).messages(), "hidden while in flight");
        long start = System.nanoTime();
        Message second = sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(5)).messages().get(0);
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMs < 2_500, "the long poll ends when the message becomes visible, not at 5 s: " + waitedMs);
        assertEquals(first.messageId(), second.messageId());
        assertNotEquals(first.receiptHandle(), second.receiptHandle());
        // The stale handle: DeleteMessage succeeds but does not delete; ChangeMessageVisibility fails.
        sqs.deleteMessage(d -> d.queueUrl(url).receiptHandle(first.receiptHandle()));
        assertEquals(1, count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        SqsException stale = assertThrows(SqsException.class, () -> sqs.changeMessageVisibility(c -> c.queueUrl(url)
                .receiptHandle(first.receiptHandle()).visibilityTimeout(0)));
        assertEquals("InvalidParameterValue", stale.awsErrorDetails().errorCode());
        sqs.deleteMessage(d -> d.queueUrl(url).receiptHandle(second.receiptHandle()));
        assertEquals(0, count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        assertThrows(SqsException.class, () -> sqs.deleteMessage(d -> d.queueUrl(url).receiptHandle("not-a-handle")));
    }

    @Test
    void aLongPollIsWokenByASendAndOtherwiseEndsAtItsWaitTime() throws Exception {
        String url = queue(Map.of());
        long start = System.nanoTime();
        assertEquals(List.of(), sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1)).messages());
        long emptyMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(emptyMs >= 950 && emptyMs < 2_000, "an empty long poll lasts its wait time: " + emptyMs);

        CompletableFuture<List<Message>> poll = CompletableFuture.supplyAsync(
                () -> sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(20)).messages());
        Thread.sleep(300); // let the poll start waiting; the assertion below does not depend on this
        long sent = System.nanoTime();
        sqs.sendMessage(s -> s.queueUrl(url).messageBody("wake"));
        List<Message> got = poll.get();
        long wokenMs = (System.nanoTime() - sent) / 1_000_000;
        assertEquals("wake", got.get(0).body());
        assertTrue(wokenMs < 1_000, "woken by the send, not at 20 s: " + wokenMs);
    }

    @Test
    void md5sOfBodyAndAttributesAreSqsOnes() throws Exception {
        String url = queue(Map.of());
        Map<String, MessageAttributeValue> attributes = Map.of(
                "run_id", MessageAttributeValue.builder().dataType("String").stringValue("run-1").build(),
                "count", MessageAttributeValue.builder().dataType("Number").stringValue("42").build(),
                "blob", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromUtf8String("x")).build());
        var response = sqs.sendMessage(s -> s.queueUrl(url).messageBody("héllo").messageAttributes(attributes));
        // Known values: the body's MD5, and the attributes' MD5 by SQS's documented algorithm computed here.
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest("héllo".getBytes(StandardCharsets.UTF_8))),
                response.md5OfMessageBody());
        assertEquals(expectedAttributesMd5(), response.md5OfMessageAttributes());
        Message got = sqs.receiveMessage(r -> r.queueUrl(url).messageAttributeNames("All")).messages().get(0);
        assertEquals(attributes, got.messageAttributes());
        assertEquals(response.md5OfMessageAttributes(), got.md5OfMessageAttributes());
        // A subset asked for: its own MD5 (the SDK's check would fail otherwise).
        sqs.changeMessageVisibility(c -> c.queueUrl(url).receiptHandle(got.receiptHandle()).visibilityTimeout(0));
        Message subset = sqs.receiveMessage(r -> r.queueUrl(url).messageAttributeNames("run_id")).messages().get(0);
        assertEquals(1, subset.messageAttributes().size());
    }

    private static String expectedAttributesMd5() throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        String[][] sorted = {{"blob", "Binary", null}, {"count", "Number", "42"}, {"run_id", "String", "run-1"}};
        for (String[] a : sorted) {
            part(md5, a[0].getBytes(StandardCharsets.UTF_8));
            part(md5, a[1].getBytes(StandardCharsets.UTF_8));
            md5.update((byte) (a[2] == null ? 2 : 1));
            part(md5, a[2] == null ? "x".getBytes(StandardCharsets.UTF_8) : a[2].getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static void part(MessageDigest md5, byte[] bytes) {
        md5.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 8),
                (byte) bytes.length});
        md5.update(bytes);
    }

    @Test
    void batchesFailPerEntryAndAsAWholeAsSqsDoes() {
        String url = queue(Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1024"));
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        entries.add(SendMessageBatchRequestEntry.builder().id("ok").messageBody("fine").build());
        entries.add(SendMessageBatchRequestEntry.builder().id("big").messageBody("x".repeat(1025)).build());
        entries.add(SendMessageBatchRequestEntry.builder().id("bad").messageBody("nul \u0000 here").build());
        SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
        assertEquals(List.of("ok"), response.successful().stream().map(s -> s.id()).toList());
        assertEquals(List.of("big", "bad"), response.failed().stream().map(f -> f.id()).toList());
        assertTrue(response.failed().stream().allMatch(f -> f.senderFault()));
        assertEquals(1, count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));

        assertThrows(EmptyBatchRequestException.class, () -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(List.of())));
        List<SendMessageBatchRequestEntry> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody("m").build());
        }
        assertThrows(TooManyEntriesInBatchRequestException.class, () -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(eleven)));
        String big = queue(Map.of());
        List<SendMessageBatchRequestEntry> tooLong = List.of(
                SendMessageBatchRequestEntry.builder().id("a").messageBody("x".repeat(600_000)).build(),
                SendMessageBatchRequestEntry.builder().id("b").messageBody("x".repeat(600_000)).build());
        assertThrows(BatchRequestTooLongException.class, () -> sqs.sendMessageBatch(b -> b.queueUrl(big).entries(tooLong)));

        // Delete and change-visibility batches: one good handle, one malformed.
        Message m = sqs.receiveMessage(r -> r.queueUrl(url)).messages().get(0);
        var changed = sqs.changeMessageVisibilityBatch(c -> c.queueUrl(url).entries(
                e -> e.id("good").receiptHandle(m.receiptHandle()).visibilityTimeout(0),
                e -> e.id("bad").receiptHandle("garbage").visibilityTimeout(0)));
        assertEquals(List.of("good"), changed.successful().stream().map(s -> s.id()).toList());
        assertEquals(List.of("bad"), changed.failed().stream().map(f -> f.id()).toList());
        Message again = sqs.receiveMessage(r -> r.queueUrl(url)).messages().get(0);
        var deleted = sqs.deleteMessageBatch(d -> d.queueUrl(url).entries(
                e -> e.id("good").receiptHandle(again.receiptHandle()), e -> e.id("bad").receiptHandle("garbage")));
        assertEquals(List.of("good"), deleted.successful().stream().map(s -> s.id()).toList());
        assertEquals("ReceiptHandleIsInvalid", deleted.failed().get(0).code());
        assertEquals(0, count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                + count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void unknownQueuesPurgeListingAndWhatIsNotImplementedAnswerAsErrors() {
        assertThrows(QueueDoesNotExistException.class, () -> sqs.getQueueUrl(g -> g.queueName("nope-" + UUID.randomUUID())));
        String url = queue(Map.of());
        sqs.sendMessage(s -> s.queueUrl(url).messageBody("gone"));
        sqs.purgeQueue(p -> p.queueUrl(url));
        assertEquals(0, count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        assertTrue(sqs.listQueues().queueUrls().contains(url));
        String name = url.substring(url.lastIndexOf('/') + 1);
        assertEquals(List.of(url), sqs.listQueues(l -> l.queueNamePrefix(name)).queueUrls());
        // Not implemented: an error that says so, never silently ignored.
        SqsException fifo = assertThrows(SqsException.class, () -> sqs.createQueue(c -> c.queueName("x.fifo")));
        assertTrue(fifo.getMessage().contains("not implemented"), fifo.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> sqs.deleteQueue(d -> d.queueUrl(url)));
        SqsException group = assertThrows(SqsException.class, () -> sqs.sendMessage(s -> s.queueUrl(url).messageBody("m")
                .messageGroupId("g")));
        assertTrue(group.getMessage().contains("MessageGroupId"), group.getMessage());
        assertThrows(SqsException.class, () -> sqs.createQueue(c -> c.queueName("p-" + UUID.randomUUID().toString()
                .substring(0, 8)).attributesWithStrings(Map.of("KmsMasterKeyId", "alias/x"))));
    }
}
