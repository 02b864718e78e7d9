package org.fangsentiment.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The continuation message: its JSON round trip, and what it refuses and why. */
class ContinuationTest {

    private static final Instant NOW = Instant.parse("2026-11-29T07:00:00Z");
    private static final String RUN = "2026-11-29T06:00:00.125Z";

    private static Continuation parse(String body) {
        return Continuation.parse(body, "fang", NOW, Duration.ofHours(24));
    }

    @Test
    void aContinuationReadsBackAsWritten() {
        Continuation written = new Continuation(RUN, "fang", 16, 3, 7, List.of(
                TableScanner.Position.start(12),
                new TableScanner.Position(13, Map.of("name", AttributeValue.fromS("Acme \"Corp\"\n"))),
                new TableScanner.Position(14, Map.of("id", AttributeValue.fromN("42.5"),
                        "blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 255}))))),
                new Continuation.Counts(9_000, 8_990, 10));
        assertEquals(written, parse(written.toJson()));
    }

    @Test
    void theNextContinuationAddsTheInvocationsCounts() {
        Continuation first = Continuation.start(RUN, "fang", 4, 0, List.of(TableScanner.Position.start(0)));
        Continuation next = first.next(List.of(new TableScanner.Position(0, Map.of("name", AttributeValue.fromS("x")))),
                new ProducerResult(RUN, 100, 98, 2, 0, 5));
        assertEquals(1, next.invocation());
        assertEquals(new Continuation.Counts(100, 98, 2), next.counts());
        assertEquals(RUN, next.runId(), "one run id across invocations");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                                   | malformed continuation: the body is empty
            'null'                                               | malformed continuation: the body is not a JSON object
            '{"version":2}'                                      | malformed continuation: version 2 is not 1
            '{"version":1}'                                      | malformed continuation: 'run_id' is not a non-blank string
            '{"version":1,"run_id":"%s","table":"fang","total_segments":0}' | 'total_segments' is not an integer from 1 to 1000000
            '{"version":1,"run_id":"%s","table":"fang","total_segments":4,"chain":0,"invocation":0,"segments":[]}' | 'segments' is not a non-empty array
            '{"version":1,"run_id":"%s","table":"fang","total_segments":4,"chain":0,"invocation":0,"segments":[{"segment":1},{"segment":1}]}' | segment 1 appears twice
            '{"version":1,"run_id":"%s","table":"fang","total_segments":4,"chain":0,"invocation":0,"segments":[{"segment":1,"start_key":{"name":"x"}}]}' | start_key attribute is not a typed DynamoDB key value
            '{"version":1,"run_id":"%s","table":"fang","total_segments":4,"chain":0,"invocation":0,"segments":[{"segment":1,"start_key":{"name":{"M":"x"}}}]}' | start_key attribute type is not S, N or B
            '{"version":1,"run_id":"%s","table":"fang","total_segments":4,"chain":0,"invocation":0,"segments":[{"segment":1}],"scanned":-1,"sent":0,"invalid":0}' | 'scanned' is not a non-negative integer
            '{"version":1,"run_id":"2026-11-29T06:00:00.1250Z","table":"fang"}' | unknown run: run id '2026-11-29T06:00:00.1250Z' is not written as the producer writes run ids
            '{"version":1,"run_id":"2026-11-30T06:00:00Z","table":"fang"}' | unknown run: run 2026-11-30T06:00:00Z starts in the future
            '{"version":1,"run_id":"%s","table":"other"}'        | unknown run: run %s scans table 'other', this producer scans 'fang'
            """)
    void aBadContinuationIsRefusedWithItsReason(String body, String reason) {
        var refused = assertThrows(Continuation.InvalidContinuationException.class,
                () -> parse(body.formatted(RUN)));
        assertTrue(refused.getMessage().contains(reason.formatted(RUN)), refused.getMessage());
    }
}
