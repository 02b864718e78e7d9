package org.fangsentiment.local.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.nio.file.Path;
import org.fangsentiment.testing.ProjectFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The runner reads event files as AWS's own event loader (a test library) does. */
class EventFilesTest {

    @ParameterizedTest
    @ValueSource(strings = {"events/sqs-fang.json", "events/sqs-poison.json", "events/sqs-seed-format.json"})
    void sqsEventsMatchTheLambdaLoader(String file) {
        Path path = ProjectFiles.resolve(file);
        SQSEvent ours = EventFiles.sqsEvent(path);
        SQSEvent theirs = EventLoader.loadSQSEvent(path.toString());
        assertEquals(theirs.getRecords().size(), ours.getRecords().size());
        for (int i = 0; i < ours.getRecords().size(); i++) {
            SQSEvent.SQSMessage a = ours.getRecords().get(i);
            SQSEvent.SQSMessage b = theirs.getRecords().get(i);
            assertEquals(b.getMessageId(), a.getMessageId());
            assertEquals(b.getReceiptHandle(), a.getReceiptHandle());
            assertEquals(b.getBody(), a.getBody());
            assertEquals(b.getAttributes(), a.getAttributes());
            assertEquals(b.getEventSourceArn(), a.getEventSourceArn());
            assertEquals(b.getAwsRegion(), a.getAwsRegion());
            assertEquals(b.getMessageAttributes() == null ? 0 : b.getMessageAttributes().size(),
                    a.getMessageAttributes().size());
            a.getMessageAttributes().forEach((name, value) -> {
                assertEquals(b.getMessageAttributes().get(name).getStringValue(), value.getStringValue());
                assertEquals(b.getMessageAttributes().get(name).getDataType(), value.getDataType());
            });
        }
    }

    @Test
    void scheduleEventMatchesTheLambdaLoader() {
        Path path = ProjectFiles.resolve("events/schedule.json");
        ScheduledEvent ours = EventFiles.scheduledEvent(path);
        ScheduledEvent theirs = EventLoader.loadScheduledEvent(path.toString());
        assertEquals(theirs.getTime().getMillis(), ours.getTime().getMillis());
        assertEquals(theirs.getId(), ours.getId());
        assertEquals(theirs.getDetailType(), ours.getDetailType());
        assertEquals(theirs.getResources(), ours.getResources());
        assertEquals(1736920800000L, ours.getTime().getMillis());
    }
}
