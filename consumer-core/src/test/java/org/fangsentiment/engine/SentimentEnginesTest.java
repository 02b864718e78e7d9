package org.fangsentiment.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URI;
import java.util.Map;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.ConsumerConfig;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** SENTIMENT_ENGINE to engine: only the chosen engine's parts are asked for. */
class SentimentEnginesTest {

    private static final AwsClients CLIENTS = AwsClients.forEndpoints(
            AwsClients.Endpoints.single(URI.create("http://127.0.0.1:1")), Region.US_EAST_1);

    @Test
    void comprehendNeverAsksForTheCoreNlpPipeline() {
        ConsumerConfig config = ConsumerConfig.fromMap(Map.of(ConsumerConfig.ENV_SENTIMENT_ENGINE, "comprehend"));
        SentimentEngine engine = SentimentEngines.create(config.sentimentEngine(), CLIENTS::comprehend, () -> {
            throw new AssertionError("the CoreNLP model was asked for");
        });
        assertInstanceOf(ComprehendEngine.class, engine);
        assertEquals("comprehend", engine.id());
    }

    @Test
    void coreNlpIsTheDefaultAndNeverAsksForComprehend() {
        SentimentEngine engine = SentimentEngines.create(ConsumerConfig.defaults().sentimentEngine(), () -> {
            throw new AssertionError("a Comprehend client was asked for");
        }, () -> null); // the pipeline itself is not needed to build the engine
        assertInstanceOf(CoreNlpEngine.class, engine);
        assertEquals("corenlp", engine.id());
    }
}
