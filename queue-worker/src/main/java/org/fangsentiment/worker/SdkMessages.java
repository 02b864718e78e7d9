package org.fangsentiment.worker;

import java.util.Optional;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.consumer.CompanyMessage;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** An SQS SDK {@link Message} as the consumer core's {@link CompanyMessage}: the worker's adapter. */
final class SdkMessages {

    private SdkMessages() {
    }

    static CompanyMessage of(Message message) {
        MessageAttributeValue runId = message.messageAttributes().get(PipelineContract.RUN_ID_ATTRIBUTE);
        return new CompanyMessage(message.messageId(), message.body(),
                Optional.ofNullable(runId == null ? null : runId.stringValue()),
                Optional.ofNullable(message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP)));
    }
}
