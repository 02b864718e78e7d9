package org.fangsentiment.local.runner;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.config.ProducerConfig;
import org.fangsentiment.consumer.BatchRunner;
import org.fangsentiment.consumer.CompanyProcessor;
import org.fangsentiment.engine.SentimentEngine;
import org.fangsentiment.engine.SentimentEngines;
import org.fangsentiment.sentiment.SentimentAnalyzer;
import org.fangsentiment.consumer.lambda.ConsumerHandler;
import org.fangsentiment.producer.Producer;
import org.fangsentiment.producer.ProducerHandler;
import org.fangsentiment.producer.ProducerResult;
import org.fangsentiment.stack.ResourceNames;
import org.fangsentiment.stack.ResourceSetup;
import org.fangsentiment.testing.LambdaContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code fang-local invoke producer|consumer --event FILE}: a Docker-free {@code sam local invoke}.
 * Loads the event file, calls the handler once with a Lambda context, and prints the handler's
 * response as JSON on stdout (everything else goes to stderr, so the output can be piped). Resource
 * names come from the environment variables of {@link ProducerConfig} and {@link ConsumerConfig},
 * with their defaults.
 */
@Command(name = "invoke", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Invokes one handler with an event file (like sam local invoke, without Docker) and prints "
                + "its JSON response.",
                "Without --endpoint it uses a fresh embedded stack, into whose table the producer's invocation first "
                + "puts the bundled FANG sample (see --items)."})
final class InvokeCommand implements Callable<Integer> {

    enum Function { producer, consumer }

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "producer|consumer", description = "The handler to invoke.")
    Function function;

    @Option(names = "--event", required = true, paramLabel = "FILE",
            description = "Event file, e.g. events/schedule.json (producer) or events/sqs-fang.json (consumer).")
    Path event;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "AWS-compatible endpoint instead of the embedded stack (one URL, or dynamodb=, sqs=, s3=).")
    List<String> endpoints = new ArrayList<>();

    @Option(names = "--region", paramLabel = "R", description = "Region (default: AWS_REGION, else us-east-1).")
    String region;

    @Option(names = "--wikipedia", paramLabel = "auto|offline|URL", defaultValue = "auto",
            description = "For the consumer: as for run (default: auto).")
    String wikipedia;

    @Option(names = "--items", paramLabel = "FILE|none",
            description = "For the producer: items to put first (default: the bundled sample with the embedded "
                    + "stack, none with --endpoint).")
    String items;

    @Option(names = "--engine", paramLabel = "corenlp|comprehend",
            description = "For the consumer: the sentiment engine (default: SENTIMENT_ENGINE, else corenlp); comprehend"
                    + " calls Amazon Comprehend at the endpoint (the embedded stack answers it).")
    String engine;

    @Option(names = "--verbose", description = "Pipeline logs (JSON, on stderr) at INFO instead of WARN.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter status = spec.commandLine().getErr();
        Object request = function == Function.producer ? EventFiles.scheduledEvent(event) : EventFiles.sqsEvent(event);
        ProducerConfig producerConfig = ProducerConfig.fromEnvironment();
        ConsumerConfig consumerConfig;
        try {
            ConsumerConfig environment = ConsumerConfig.fromEnvironment();
            consumerConfig = engine == null || engine.isBlank() ? environment
                    : environment.withSentimentEngine(ConsumerConfig.Engine.parse(engine, "--engine"));
        } catch (IllegalArgumentException e) {
            throw new RunnerException(e.getMessage(), e);
        }
        boolean comprehend = function == Function.consumer
                && consumerConfig.sentimentEngine() == ConsumerConfig.Engine.COMPREHEND;
        if (function == Function.consumer && !comprehend) {
            HeapCheck.requireSentimentHeap();
        }
        try (Backend backend = Backend.open(endpoints, Regions.of(region), status, comprehend)) {
            AwsClients clients = backend.clients();
            ResourceNames names = new ResourceNames(producerConfig.tableName(), producerConfig.queueName(),
                    consumerConfig.bucketName());
            new ResourceSetup(clients).ensure(names,
                    new EventSourceEmulator.Settings(LocalRun.FUNCTION_TIMEOUT, LocalRun.RETRY_DELAY, 1).receiveVisibility());
            ObjectNode response;
            try {
                response = function == Function.producer
                        ? invokeProducer(clients, producerConfig, (ScheduledEvent) request, endpoints.isEmpty(), status)
                        : invokeConsumer(clients, consumerConfig, (SQSEvent) request, status);
            } catch (RunnerException e) {
                throw e;
            } catch (RuntimeException e) {
                // What Lambda (and sam local invoke) answer when the handler throws.
                ObjectNode error = JSON.createObjectNode();
                error.put("errorMessage", String.valueOf(e.getMessage()));
                error.put("errorType", e.getClass().getName());
                out.println(JSON.writeValueAsString(error));
                out.flush();
                return ExitCodes.ERROR;
            }
            out.println(JSON.writeValueAsString(response));
            out.flush();
            return ExitCodes.OK;
        }
    }

    private ObjectNode invokeProducer(AwsClients clients, ProducerConfig config, ScheduledEvent request,
                                      boolean embedded, PrintWriter status) throws InterruptedException {
        Optional<List<Map<String, AttributeValue>>> toPut = items != null
                ? ItemsFile.forOption(items)
                : embedded ? ItemsFile.forOption(null) : Optional.empty();
        if (toPut.isPresent()) {
            TableItems.put(clients.dynamoDb(), config.tableName(), toPut.get());
            status.println("Put " + toPut.get().size() + " items into table " + config.tableName());
            status.flush();
        }
        ProducerHandler handler = new ProducerHandler(new Producer(clients.dynamoDb(), clients.sqs(), config));
        ProducerResult result = handler.handleRequest(request, LambdaContext.counting("fang-local-producer", LocalRun.PRODUCER_TIMEOUT));
        return JSON.valueToTree(result);
    }

    private ObjectNode invokeConsumer(AwsClients clients, ConsumerConfig config, SQSEvent request, PrintWriter status) {
        try (WikipediaSource wiki = WikipediaSource.resolve(wikipedia, config)) {
            status.println("Wikipedia: " + wiki.mode() + " - " + wiki.note());
            wiki.userAgentAdvice(config).ifPresent(advice -> status.println("WARNING: " + advice));
            if (config.sentimentEngine() == ConsumerConfig.Engine.CORENLP) {
                status.println("Loading the sentiment model (CoreNLP)...");
            } else {
                status.println("Sentiment: Amazon Comprehend (CoreNLP not loaded)");
            }
            status.flush();
            ConsumerConfig consumerConfig = config.withWikipediaSite(wiki.site());
            // The configured engine, as the handler's own no-argument constructor builds it.
            SentimentEngine engine = SentimentEngines.create(consumerConfig.sentimentEngine(), clients::comprehend,
                    SentimentAnalyzer::shared);
            CompanyProcessor processor = CompanyProcessor.create(consumerConfig, clients.s3(), engine, wiki.source(),
                    Clock.systemUTC());
            ExecutorService workers = BatchRunner.threads(consumerConfig.consumerConcurrency());
            try {
                SQSBatchResponse response = new ConsumerHandler(processor, new BatchRunner(workers, FailureReasons.RECORDER))
                        .handleRequest(request, LambdaContext.counting("fang-local-consumer", LocalRun.FUNCTION_TIMEOUT));
                return batchResponse(response);
            } finally {
                workers.shutdownNow();
            }
        }
    }

    /** The response as Lambda serializes it: {@code {"batchItemFailures":[{"itemIdentifier":"..."}]}}. */
    static ObjectNode batchResponse(SQSBatchResponse response) {
        ObjectNode json = JSON.createObjectNode();
        ArrayNode failures = json.putArray("batchItemFailures");
        if (response != null && response.getBatchItemFailures() != null) {
            response.getBatchItemFailures().forEach(failure -> failures.addObject()
                    .put("itemIdentifier", failure.getItemIdentifier()));
        }
        return json;
    }
}
