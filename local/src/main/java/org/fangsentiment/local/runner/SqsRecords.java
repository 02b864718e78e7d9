package org.fangsentiment.local.runner;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * An SDK {@link Message} as the Lambda event's {@link SQSEvent.SQSMessage}, field for field as
 * Lambda's event source mapping builds it: what the {@link EventSourceEmulator} hands the handler.
 */
final class SqsRecords {

    private SqsRecords() {
    }

    /** The record for {@code message} from the queue {@code queueArn} in {@code region}. */
    static SQSEvent.SQSMessage toRecord(Message message, String queueArn, String region) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        record.setMd5OfBody(message.md5OfBody());
        record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
        record.setAttributes(new HashMap<>(message.attributesAsStrings()));
        Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
        message.messageAttributes().forEach((name, value) -> attributes.put(name, toEventAttribute(value)));
        record.setMessageAttributes(attributes);
        record.setEventSource("aws:sqs");
        record.setEventSourceArn(queueArn);
        record.setAwsRegion(region);
        return record;
    }

    /** The region field of an SQS queue ARN ({@code arn:aws:sqs:REGION:account:name}), or empty. */
    static String regionOf(String queueArn) {
        String[] parts = queueArn == null ? new String[0] : queueArn.split(":");
        return parts.length > 3 ? parts[3] : "";
    }

    private static SQSEvent.MessageAttribute toEventAttribute(MessageAttributeValue value) {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType(value.dataType());
        attribute.setStringValue(value.stringValue());
        if (value.binaryValue() != null) {
            attribute.setBinaryValue(value.binaryValue().asByteBuffer());
        }
        attribute.setStringListValues(value.hasStringListValues() ? value.stringListValues() : List.of());
        List<ByteBuffer> binaries = new ArrayList<>();
        if (value.hasBinaryListValues()) {
            value.binaryListValues().stream().map(SdkBytes::asByteBuffer).forEach(binaries::add);
        }
        attribute.setBinaryListValues(binaries);
        return attribute;
    }
}
