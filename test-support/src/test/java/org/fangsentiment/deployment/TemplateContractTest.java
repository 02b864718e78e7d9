package org.fangsentiment.deployment;

import static org.fangsentiment.deployment.Template.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.config.ProducerConfig;
import org.fangsentiment.config.WorkerConfig;
import org.fangsentiment.config.WorkerMetricsConfig;
import org.fangsentiment.logging.MetricsLog;
import org.fangsentiment.testing.ProjectFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ties {@code template.yaml} to the code it deploys: handler classes, the environment variables
 * each function's configuration ({@link ProducerConfig}, {@link ConsumerConfig}) reads, the shared
 * names of {@link PipelineContract}, the queue timing rule, partial batch responses, the
 * dead-letter wiring and least-privilege IAM. Each test names the invariant a broken template
 * would violate; {@code cfn-lint} (see {@code .ci/template-check}) covers the template's syntax.
 */
class TemplateContractTest {

    /** Environment variables set by the template that the runtime reads, not a function's configuration. */
    private static final Set<String> RUNTIME_VARIABLES = Set.of("LOG_LEVEL", "JAVA_TOOL_OPTIONS");

    /**
     * Sids of Allow statements that may use {@code Resource: "*"}. Add one only together with a
     * comment in template.yaml saying why AWS offers nothing narrower for that action.
     */
    private static final Set<String> RESOURCE_STAR_ALLOWED_SIDS = Set.of("DetectSentimentWithComprehend", "EcrLogin",
            "WriteTraces", "PublishWorkerMetrics",
            // a KMS key policy's "*" is the key itself (DeploymentSecurityTest holds both statements)
            "KeyAdministration", "AlarmsUseTheKey");

    private static final Pattern ACCOUNT_ID = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");
    private static final Pattern LITERAL_ARN = Pattern.compile("arn:aws[a-z-]*:");

    private static Template template;

    @BeforeAll
    static void load() throws IOException {
        template = Template.load();
    }

    // ------------------------------------------------------------------ handlers and code

    @Test
    void handlerClassesExistInTheModulesTheirJarsComeFrom() throws IOException {
        for (String name : functionNames()) {
            Map<String, Object> fn = functionProperties(name);
            String codeUri = text(fn.get("CodeUri"), name + ".CodeUri");
            Matcher jar = Pattern.compile("([a-z0-9-]+)/target/\\1\\.jar").matcher(codeUri);
            assertTrue(jar.matches(), name + ": CodeUri must be a module's shaded jar <module>/target/<module>.jar, was "
                    + codeUri);
            Path module = ProjectFiles.resolve(jar.group(1));
            assertTrue(Files.isRegularFile(module.resolve("pom.xml")), name + ": no Maven module " + module);
            assertTrue(Files.readString(module.resolve("pom.xml")).contains("<artifactId>" + jar.group(1) + "</artifactId>"),
                    name + ": module pom does not declare artifactId " + jar.group(1));
            assertEquals(Boolean.TRUE, map(resource(name).getOrDefault("Metadata", Map.of()), name + ".Metadata")
                    .get("SkipBuild"), name + ": Metadata.SkipBuild must be true (Maven builds the jar, not sam build)");

            String handler = text(fn.get("Handler"), name + ".Handler");
            Matcher h = Pattern.compile("((?:[a-z][a-z0-9]*\\.)+)([A-Z][A-Za-z0-9]*)::handleRequest").matcher(handler);
            assertTrue(h.matches(), name + ": Handler must be <fully.qualified.Class>::handleRequest, was " + handler);
            assertTrue(handler.startsWith("org.fangsentiment."), name + ": handler outside org.fangsentiment: " + handler);
            Path packageDir = module.resolve("src/main/java")
                    .resolve(h.group(1).substring(0, h.group(1).length() - 1).replace('.', '/'));
            assertTrue(Files.isDirectory(packageDir), name + ": handler package " + packageDir + " does not exist");
            Path source = packageDir.resolve(h.group(2) + ".java");
            assertTrue(Files.isRegularFile(source), name + ": handler class " + handler + " not found at " + source);
            assertTrue(Files.readString(source).contains("handleRequest("),
                    name + ": " + source + " declares no handleRequest method");
        }
    }

    // ------------------------------------------------------------------ environment

    @Test
    void eachFunctionSetsOnlyVariablesItsConfigurationReads() {
        assertOnlyReadVariables("ProducerFunction", ProducerConfig.VARIABLES);
        assertOnlyReadVariables("ConsumerFunction", ConsumerConfig.VARIABLES);
    }

    private void assertOnlyReadVariables(String function, Set<String> reads) {
        for (String var : environment(function).keySet()) {
            assertTrue(reads.contains(var) || RUNTIME_VARIABLES.contains(var),
                    function + " sets " + var + ", which its configuration does not read");
        }
        assertEquals(Map.of("Ref", "LogLevel"), environment(function).get("LOG_LEVEL"),
                function + " must set LOG_LEVEL (log4j2.xml reads it)");
    }

    @Test
    void eachFunctionSetsTheVariablesWithoutADeployableDefault() {
        assertTrue(environment("ProducerFunction").keySet().containsAll(ProducerConfig.DEPLOYMENT_VARIABLES),
                "producer environment " + environment("ProducerFunction").keySet() + " lacks one of "
                        + ProducerConfig.DEPLOYMENT_VARIABLES);
        assertTrue(environment("ConsumerFunction").keySet().containsAll(ConsumerConfig.DEPLOYMENT_VARIABLES),
                "consumer environment " + environment("ConsumerFunction").keySet() + " lacks one of "
                        + ConsumerConfig.DEPLOYMENT_VARIABLES);
        assertEquals(Map.of("Ref", "WikipediaUserAgent"),
                environment("ConsumerFunction").get(ConsumerConfig.ENV_WIKIPEDIA_USER_AGENT));
        assertEquals(Map.of("Ref", "OutputPrefix"), environment("ConsumerFunction").get(ConsumerConfig.ENV_OUTPUT_PREFIX));
    }

    /** A literal value would copy a default the code has, or fix a setting no parameter can change. */
    @Test
    void configurationVariablesComeFromResourcesOrParameters() {
        for (String name : functionNames()) {
            environment(name).forEach((var, value) -> assertTrue(RUNTIME_VARIABLES.contains(var) || value instanceof Map,
                    name + " sets " + var + " to the literal " + value + "; leave it to the configuration's default"));
        }
    }

    @Test
    void environmentValuesAreAcceptedByTheFunctionsConfiguration() {
        assertAccepted("ProducerFunction", ProducerConfig::fromMap);
        assertAccepted("ConsumerFunction", ConsumerConfig::fromMap);
    }

    private void assertAccepted(String function, Consumer<Map<String, String>> configuration) {
        try {
            configuration.accept(resolvedEnvironment(function));
        } catch (IllegalArgumentException e) {
            fail(function + ": its configuration rejects the template's environment "
                    + resolvedEnvironment(function) + ": " + e.getMessage());
        }
    }

    @Test
    void parameterDefaultsAreTheCodesDefaults() {
        Map<String, Object> params = section("Parameters");
        assertTrue(params.keySet().containsAll(List.of("TableName", "QueueName", "BucketName", "OutputPrefix",
                "ScheduleExpression", "ScheduleState", "WikipediaUserAgent", "LogLevel", "ConsumerMaxConcurrency",
                "SentimentEngine", "QueryDatabaseName")),
                "parameters: " + params.keySet());
        assertEquals(PipelineContract.DEFAULT_TABLE_NAME, parameter("TableName").get("Default"));
        assertEquals(PipelineContract.DEFAULT_QUEUE_NAME, parameter("QueueName").get("Default"));
        assertEquals(ConsumerConfig.DEFAULT_OUTPUT_PREFIX, parameter("OutputPrefix").get("Default"));
        assertEquals("", parameter("BucketName").get("Default"), "an empty BucketName lets CloudFormation generate one");
        assertFalse(parameter("WikipediaUserAgent").containsKey("Default"), "WikipediaUserAgent must be asked for");
        assertTrue(number(parameter("ConsumerMaxConcurrency").get("MinValue"), "MinValue") >= 2,
                "the SQS event source's MaximumConcurrency is at least 2");
        assertEquals(Map.of("Ref", "TableName"), properties("CompanyTable").get("TableName"));
        assertEquals(ConsumerConfig.DEFAULT_SENTIMENT_ENGINE.id(), parameter("SentimentEngine").get("Default"));
        assertEquals(ConsumerConfig.Engine.ids(), parameter("SentimentEngine").get("AllowedValues"),
                "the parameter offers exactly the engines the code knows");
    }

    @Test
    void theSentimentEngineParameterSetsTheConsumersVariable() {
        assertEquals(Map.of("Ref", "SentimentEngine"), environment("ConsumerFunction").get(ConsumerConfig.ENV_SENTIMENT_ENGINE));
        for (String engine : ConsumerConfig.Engine.ids()) {
            assertEquals(engine, ConsumerConfig.fromMap(Map.of(ConsumerConfig.ENV_SENTIMENT_ENGINE, engine))
                    .sentimentEngine().id(), "every allowed value is accepted by the consumer");
        }
    }

    // ------------------------------------------------------------------ queue and consumer timing

    @Test
    void visibilityTimeoutIsAtLeastSixTimesTheConsumerTimeout() {
        Map<String, Object> event = consumerSqsEvent();
        String queue = refOrGetAttTarget(event.get("Queue"));
        long visibility = number(properties(queue).get("VisibilityTimeout"), queue + ".VisibilityTimeout");
        long timeout = number(functionProperties("ConsumerFunction").get("Timeout"), "ConsumerFunction.Timeout");
        long window = number(event.getOrDefault("MaximumBatchingWindowInSeconds", 0), "MaximumBatchingWindowInSeconds");
        assertTrue(visibility >= 6 * timeout + window, queue + ".VisibilityTimeout " + visibility
                + " s < 6 x consumer timeout " + timeout + " s + batching window " + window + " s");
    }

    @Test
    void consumerTimeoutCoversOneBatchOfWikipediaBudgets() {
        Map<String, Object> event = consumerSqsEvent();
        ConsumerConfig config = ConsumerConfig.fromMap(resolvedEnvironment("ConsumerFunction"));
        long batch = number(event.get("BatchSize"), "BatchSize");
        long rounds = (batch + config.consumerConcurrency() - 1) / config.consumerConcurrency();
        long timeoutMs = 1000 * number(functionProperties("ConsumerFunction").get("Timeout"), "Timeout");
        assertTrue(timeoutMs >= rounds * config.wikipediaBudget().toMillis(), "consumer timeout " + timeoutMs
                + " ms < " + rounds + " rounds x WIKIPEDIA_BUDGET_MS " + config.wikipediaBudget().toMillis());
        assertTrue(number(functionProperties("ConsumerFunction").get("MemorySize"), "MemorySize") >= 2048,
                "CoreNLP's shift-reduce parser needs at least 2,048 MB");
    }

    @Test
    void consumerReportsBatchItemFailures() {
        Map<String, Object> event = consumerSqsEvent();
        assertTrue(list(event.get("FunctionResponseTypes"), "FunctionResponseTypes").contains("ReportBatchItemFailures"),
                "without ReportBatchItemFailures one bad record makes the whole batch retry");
        assertEquals(10L, number(event.get("BatchSize"), "BatchSize"));
        assertTrue(event.containsKey("MaximumBatchingWindowInSeconds"), "batching window");
        assertEquals(Map.of("Ref", "ConsumerMaxConcurrency"),
                map(event.get("ScalingConfig"), "ScalingConfig").get("MaximumConcurrency"));
    }

    @Test
    void deadLetterQueueIsWired() {
        String queue = refOrGetAttTarget(consumerSqsEvent().get("Queue"));
        Map<String, Object> work = properties(queue);
        assertEquals(Map.of("Ref", "QueueName"), work.get("QueueName"));
        Map<String, Object> redrive = map(work.get("RedrivePolicy"), queue + ".RedrivePolicy");
        assertEquals((long) PipelineContract.MAX_RECEIVE_COUNT, number(redrive.get("maxReceiveCount"), "maxReceiveCount"),
                "maxReceiveCount must be PipelineContract.MAX_RECEIVE_COUNT (the local runner uses it too)");
        String dlq = refOrGetAttTarget(redrive.get("deadLetterTargetArn"));
        assertEquals("AWS::SQS::Queue", type(dlq));
        Map<String, Object> dlqProps = properties(dlq);
        assertEquals(PipelineContract.DLQ_RETENTION_DAYS * 86_400L,
                number(dlqProps.get("MessageRetentionPeriod"), dlq + ".MessageRetentionPeriod"),
                dlq + " must keep messages PipelineContract.DLQ_RETENTION_DAYS days");
        assertEquals(Map.of("Fn::Sub", "${QueueName}" + PipelineContract.DLQ_SUFFIX), dlqProps.get("QueueName"));

        boolean alarmed = resourcesOfType("AWS::CloudWatch::Alarm").stream().map(this::properties).anyMatch(a ->
                "AWS/SQS".equals(a.get("Namespace"))
                        && "ApproximateNumberOfMessagesVisible".equals(a.get("MetricName"))
                        && "GreaterThanThreshold".equals(a.get("ComparisonOperator"))
                        && number(a.get("Threshold"), "Threshold") == 0
                        && String.valueOf(a.get("Dimensions")).contains(dlq));
        assertTrue(alarmed, "no alarm on " + dlq + " ApproximateNumberOfMessagesVisible > 0");
        for (String q : resourcesOfType("AWS::SQS::Queue")) {
            assertEquals(Boolean.TRUE, properties(q).get("SqsManagedSseEnabled"), q + " must be encrypted");
        }
    }

    /**
     * A silent night raises an alarm: the schedule's rule fired but the producer published no {@code Sent} (or 0)
     * over a window longer than a day, so the previous run's point never makes an on-time run look silent; and
     * messages waited for hours while neither the consumer function nor the queue worker processed any. Both read
     * the metrics as {@code MetricsLog} publishes them, and no data is no alarm (a disabled schedule, an idle queue).
     */
    @Test
    void silentNightsAreAlarmed() {
        Map<String, Object> producer = properties("ProducerSilentAlarm");
        Map<String, Map<String, Object>> stats = metricStats(producer);
        assertEquals(Set.of("ran", "sent"), stats.keySet());
        assertEquals(Map.of("Namespace", "AWS/Events", "MetricName", "Invocations", "Dimensions",
                List.of(Map.of("Name", "RuleName", "Value", Map.of("Ref", "ProducerFunctionDailySchedule")))),
                stats.get("ran").get("Metric"), "the invocations of the schedule's rule (SAM names it <function><event>)");
        assertEquals(Map.of("Namespace", MetricsLog.NAMESPACE, "MetricName", "Sent", "Dimensions",
                List.of(Map.of("Name", MetricsLog.DIMENSION, "Value", Map.of("Ref", "ProducerFunction")))),
                stats.get("sent").get("Metric"));
        assertTrue(CodeFacts.producerMetrics().contains("Sent"), "the producer publishes Sent");
        for (Map<String, Object> stat : stats.values()) {
            long window = number(stat.get("Period"), "Period") * number(producer.get("EvaluationPeriods"), "EvaluationPeriods");
            assertTrue(window > 86_400 && window <= 604_800, "longer than a day, within CloudWatch's 7 days: " + window);
        }
        assertEquals("notBreaching", producer.get("TreatMissingData"));

        Map<String, Object> consumer = properties("ConsumerStalledAlarm");
        Map<String, Map<String, Object>> consumerStats = metricStats(consumer);
        assertEquals(Map.of("Namespace", "AWS/SQS", "MetricName", "ApproximateNumberOfMessagesVisible", "Dimensions",
                List.of(Map.of("Name", "QueueName", "Value", Map.of("Fn::GetAtt", List.of("WorkQueue", "QueueName"))))),
                consumerStats.get("waiting").get("Metric"));
        assertEquals(Map.of("Ref", "ConsumerFunction"), dimensionValue(consumerStats.get("consumer"), "Processed"));
        assertEquals(Map.of("Fn::Sub", "${AWS::StackName}-worker"), dimensionValue(consumerStats.get("worker"), "Processed"),
                "the worker's WORKER_METRICS_NAME");
        assertTrue(CodeFacts.consumerMetrics().contains("Processed"));
        assertEquals("notBreaching", consumer.get("TreatMissingData"));
        assertTrue(number(consumer.get("EvaluationPeriods"), "EvaluationPeriods") >= 3, "hours, not a slow start");
    }

    private static Map<String, Map<String, Object>> metricStats(Map<String, Object> alarm) {
        Map<String, Map<String, Object>> stats = new LinkedHashMap<>();
        for (Object m : list(alarm.get("Metrics"), "Metrics")) {
            Map<String, Object> metric = map(m, "metric");
            if (metric.containsKey("MetricStat")) {
                stats.put(String.valueOf(metric.get("Id")), map(metric.get("MetricStat"), "MetricStat"));
            }
        }
        return stats;
    }

    private static Object dimensionValue(Map<String, Object> stat, String metricName) {
        Map<String, Object> metric = map(stat.get("Metric"), "Metric");
        assertEquals(MetricsLog.NAMESPACE, metric.get("Namespace"));
        assertEquals(metricName, metric.get("MetricName"));
        List<?> dimensions = list(metric.get("Dimensions"), "Dimensions");
        assertEquals(1, dimensions.size());
        assertEquals(MetricsLog.DIMENSION, map(dimensions.get(0), "dimension").get("Name"));
        return map(dimensions.get(0), "dimension").get("Value");
    }

    /**
     * Invalid items raise an alarm: the producer's metric, as {@code MetricsLog} publishes it
     * (namespace, metric name, the function-name dimension), above 0, kept in alarm until a run
     * reports 0 (a daily run leaves the metric without data in between).
     */
    @Test
    void invalidItemsAreAlarmed() {
        List<Map<String, Object>> alarms = resourcesOfType("AWS::CloudWatch::Alarm").stream().map(this::properties)
                .filter(a -> MetricsLog.NAMESPACE.equals(a.get("Namespace"))
                        && PipelineContract.INVALID_ITEMS_METRIC.equals(a.get("MetricName")))
                .toList();
        assertEquals(1, alarms.size(), "one alarm on " + MetricsLog.NAMESPACE + "/" + PipelineContract.INVALID_ITEMS_METRIC);
        Map<String, Object> alarm = alarms.get(0);
        assertEquals(List.of(Map.of("Name", MetricsLog.DIMENSION, "Value", Map.of("Ref", "ProducerFunction"))),
                alarm.get("Dimensions"), "the dimension MetricsLog writes: the producer's function name");
        assertEquals("GreaterThanThreshold", alarm.get("ComparisonOperator"));
        assertEquals(0L, number(alarm.get("Threshold"), "Threshold"));
        assertEquals("Maximum", alarm.get("Statistic"));
        assertEquals("ignore", alarm.get("TreatMissingData"));
    }

    @Test
    void producerRunsOnARetriedScheduleWithADeadLetterTarget() {
        Map<String, Object> events = map(functionProperties("ProducerFunction").get("Events"), "Events");
        Map<String, Object> schedule = events.values().stream().map(e -> map(e, "event"))
                .filter(e -> Set.of("Schedule", "ScheduleV2").contains(e.get("Type")))
                .map(e -> map(e.get("Properties"), "Properties")).findFirst()
                .orElseThrow(() -> new AssertionError("ProducerFunction has no Schedule event"));
        assertEquals(Map.of("Ref", "ScheduleExpression"),
                schedule.getOrDefault("Schedule", schedule.get("ScheduleExpression")));
        assertEquals(Map.of("Ref", "ScheduleState"), schedule.get("State"));
        assertNotNull(schedule.get("RetryPolicy"), "schedule RetryPolicy");
        assertNotNull(map(schedule.get("DeadLetterConfig"), "DeadLetterConfig").get("Arn"), "schedule dead-letter target");
    }

    // ------------------------------------------------------------------ IAM and secrets

    @Test
    void functionsUseTheTemplatesOwnLeastPrivilegeRoles() {
        for (String name : functionNames()) {
            Map<String, Object> fn = functionProperties(name);
            // A SAM-generated role always carries AWSLambdaBasicExecutionRole (and, for an SQS
            // event, AWSLambdaSQSQueueExecutionRole), whose statements use Resource "*".
            assertTrue(fn.containsKey("Role"), name + " must name its role");
            assertFalse(fn.containsKey("Policies"), name + ": SAM policy templates come with a generated role");
            assertEquals("AWS::IAM::Role", type(refOrGetAttTarget(fn.get("Role"))));
        }
        for (String role : resourcesOfType("AWS::IAM::Role")) {
            assertFalse(properties(role).containsKey("ManagedPolicyArns"),
                    role + ": managed policies cannot be checked here; write inline statements");
        }
        // The functions' roles only: ResultsReaderPolicy, for people, reads and lists (QueryTemplateTest).
        List<String> consumerS3 = template.statements().stream()
                .filter(s -> "Allow".equals(s.effect()) && type(s.resource()).equals("AWS::IAM::Role"))
                .map(Template.Statement::body)
                .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("s3:")))
                .map(s -> String.valueOf(s.get("Resource"))).toList();
        assertEquals(List.of(String.valueOf(Map.of("Fn::Sub", "${OutputBucket.Arn}/${OutputPrefix}*"))),
                consumerS3.stream().distinct().toList(),
                "S3 writes (the consumer's and the worker's) only under the output prefix of the one bucket");
    }

    // ------------------------------------------------------------------ the optional queue worker

    /** The worker's resources, by the prefix they share. */
    private List<String> workerResources() {
        return resources().keySet().stream().filter(id -> id.startsWith("Worker")).toList();
    }

    @Test
    void workerResourcesExistOnlyWhenEnableWorkerIsTrue() {
        assertEquals("false", String.valueOf(parameter("EnableWorker").get("Default")), "the worker is off by default");
        assertEquals(Map.of("Fn::Equals", List.of(Map.of("Ref", "EnableWorker"), "true")),
                map(section("Conditions"), "Conditions").get("WorkerEnabled"));
        Set<String> workerTypes = Set.of("AWS::ECR::Repository", "AWS::ECS::Cluster", "AWS::ECS::TaskDefinition",
                "AWS::ECS::Service", "AWS::EC2::SecurityGroup", "AWS::ApplicationAutoScaling::ScalableTarget",
                "AWS::ApplicationAutoScaling::ScalingPolicy");
        for (String id : resources().keySet()) {
            if (workerTypes.contains(type(id))) {
                assertTrue(id.startsWith("Worker"), id + " (" + type(id) + ") belongs to the worker: name it Worker*");
            }
        }
        List<String> worker = workerResources();
        assertTrue(worker.containsAll(List.of("WorkerRepository", "WorkerCluster", "WorkerTaskDefinition",
                "WorkerService", "WorkerTaskRole", "WorkerExecutionRole", "WorkerLogGroup", "WorkerSecurityGroup",
                "WorkerScalableTarget", "WorkerScaleOutPolicy", "WorkerScaleInPolicy")), worker.toString());
        for (String id : worker) {
            assertEquals("WorkerEnabled", resource(id).get("Condition"), id + " must exist only with EnableWorker=true");
        }
        // Nothing outside the worker may depend on it (it would fail when the worker is off).
        for (String id : resources().keySet()) {
            if (!id.startsWith("Worker")) {
                for (String w : worker) {
                    assertFalse(String.valueOf(resource(id)).matches("(?s).*\\b" + w + "\\b.*"), id + " refers to " + w);
                }
            }
        }
        map(section("Outputs"), "Outputs").forEach((name, output) -> {
            if (String.valueOf(output).contains("Worker")) {
                assertEquals("WorkerEnabled", map(output, name).get("Condition"), "output " + name);
            }
        });
    }

    private Map<String, Object> workerContainer() {
        List<?> containers = list(properties("WorkerTaskDefinition").get("ContainerDefinitions"), "ContainerDefinitions");
        assertEquals(1, containers.size());
        return map(containers.get(0), "container");
    }

    private Map<String, String> workerEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object e : list(workerContainer().get("Environment"), "Environment")) {
            Map<String, Object> variable = map(e, "variable");
            env.put(text(variable.get("Name"), "Name"), resolve(variable.get("Value")));
        }
        return env;
    }

    @Test
    void theWorkerTaskSetsOnlyWhatItsConfigurationsReadAndTheyAcceptIt() {
        Map<String, String> env = workerEnvironment();
        for (String var : env.keySet()) {
            assertTrue(ConsumerConfig.VARIABLES.contains(var) || WorkerConfig.VARIABLES.contains(var)
                    || WorkerMetricsConfig.VARIABLES.contains(var) || RUNTIME_VARIABLES.contains(var),
                    "the worker task sets " + var + ", which nothing reads");
        }
        assertTrue(env.keySet().containsAll(ConsumerConfig.DEPLOYMENT_VARIABLES), env.toString());
        assertTrue(env.keySet().containsAll(WorkerConfig.DEPLOYMENT_VARIABLES), env.toString());
        assertEquals("resolved-workqueue", env.get(WorkerConfig.ENV_QUEUE_URL), "the same queue as the Lambda function");
        ConsumerConfig.fromMap(env);
        assertEquals(Optional.of("stack-worker"), WorkerMetricsConfig.fromMap(env).name(),
                "the worker publishes its metrics under the name the dashboard and ConsumerStalledAlarm read");
        WorkerConfig worker = WorkerConfig.fromMap(env);
        int stopTimeout = ((Number) workerContainer().get("StopTimeout")).intValue();
        assertTrue(stopTimeout <= 120 && worker.stopBudget().toSeconds() < stopTimeout,
                "the stop budget " + worker.stopBudget() + " fits ECS's stopTimeout " + stopTimeout + " (at most 120 s)");
    }

    @Test
    void theWorkerRunsOnFargateSpotWithOnDemandFallbackAndScalesWithTheQueue() {
        String capacity = String.valueOf(properties("WorkerService").get("CapacityProviderStrategy"));
        assertTrue(capacity.contains("CapacityProvider=FARGATE_SPOT") && capacity.contains("CapacityProvider=FARGATE,"),
                capacity);
        assertEquals(0, properties("WorkerScalableTarget").get("MinCapacity"), "0 tasks when the queue is empty");
        assertEquals(0, properties("WorkerService").get("DesiredCount"));
        String out = String.valueOf(properties("WorkerMessagesWaitingAlarm"));
        assertTrue(out.contains("ApproximateNumberOfMessagesVisible") && out.contains("WorkerScaleOutPolicy"), out);
        String in = String.valueOf(properties("WorkerQueueEmptyAlarm"));
        assertTrue(in.contains("ApproximateNumberOfMessagesNotVisible") && in.contains("WorkerScaleInPolicy"),
                "scale in only when nothing is in flight either: " + in);
        Map<String, Object> task = properties("WorkerTaskDefinition");
        assertTrue(Integer.parseInt(text(task.get("Memory"), "Memory")) * 0.75 >= 1536 + 650,
                "75 % of the task's memory holds the benchmarked heap and the model with room to spare");
    }

    @Test
    void noWildcardActionsAndNoStarResources() {
        List<Map<String, Object>> statements = allowStatements();
        assertFalse(statements.isEmpty());
        for (Map<String, Object> s : statements) {
            assertFalse(s.containsKey("NotAction") || s.containsKey("NotResource"), "NotAction/NotResource in " + s);
            for (String action : actions(s)) {
                assertFalse(action.contains("*") || action.contains("?"), "wildcard action " + action + " in " + s);
            }
            Object resource = s.get("Resource");
            boolean star = "*".equals(resource) || (resource instanceof List<?> l && l.contains("*"));
            if (star) {
                assertTrue(RESOURCE_STAR_ALLOWED_SIDS.contains(String.valueOf(s.get("Sid"))),
                        "Resource \"*\" in " + s + " (allowed only where AWS offers nothing narrower)");
            }
        }
    }

    @Test
    void noAccountIdsOrHardCodedArns() throws IOException {
        for (Path file : textFilesToScan()) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher id = ACCOUNT_ID.matcher(text);
            if (id.find()) {
                fail(file + " contains what looks like a 12-digit account ID: " + id.group());
            }
        }
        Matcher arn = LITERAL_ARN.matcher(template.text);
        assertFalse(arn.find(), "template.yaml hard-codes an ARN; build it from ${AWS::Partition}, GetAtt or Ref");
    }

    // ------------------------------------------------------------------ storage and runtime

    @Test
    void bucketAndTableAreSecureByDefault() {
        Map<String, Object> bucket = properties("OutputBucket");
        assertEquals(Map.of("Fn::If", List.of("GenerateBucketName", Map.of("Ref", "AWS::NoValue"),
                Map.of("Ref", "BucketName"))), bucket.get("BucketName"));
        assertNotNull(bucket.get("BucketEncryption"), "bucket encryption");
        assertEquals(Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true), bucket.get("PublicAccessBlockConfiguration"));
        assertTrue(String.valueOf(bucket.get("OwnershipControls")).contains("BucketOwnerEnforced"));
        Map<String, Object> policy = properties("OutputBucketPolicy");
        assertEquals(Map.of("Ref", "OutputBucket"), policy.get("Bucket"));
        boolean tlsOnly = list(map(policy.get("PolicyDocument"), "PolicyDocument").get("Statement"), "Statement").stream()
                .map(s -> map(s, "statement")).anyMatch(s -> "Deny".equals(s.get("Effect"))
                        && String.valueOf(s.get("Condition")).contains("aws:SecureTransport=false"));
        assertTrue(tlsOnly, "the bucket policy must deny requests without TLS");

        Map<String, Object> table = properties("CompanyTable");
        assertEquals("PAY_PER_REQUEST", table.get("BillingMode"));
        assertEquals(Map.of("PointInTimeRecoveryEnabled", true), table.get("PointInTimeRecoverySpecification"));
        assertEquals(Boolean.TRUE, map(table.get("SSESpecification"), "SSESpecification").get("SSEEnabled"));
        assertEquals(List.of(Map.of("AttributeName", PipelineContract.KEY_ATTRIBUTE, "KeyType", "HASH")),
                table.get("KeySchema"));
        assertEquals(List.of(Map.of("AttributeName", PipelineContract.KEY_ATTRIBUTE, "AttributeType", "S")),
                table.get("AttributeDefinitions"));
    }

    @Test
    void globalsSetRuntimeSnapStartAndJsonLogging() {
        Map<String, Object> globals = map(map(section("Globals"), "Globals").get("Function"), "Globals.Function");
        assertEquals("java21", globals.get("Runtime"));
        assertEquals(List.of("arm64"), globals.get("Architectures"));
        assertEquals(Map.of("ApplyOn", "PublishedVersions"), globals.get("SnapStart"));
        assertNotNull(globals.get("AutoPublishAlias"), "SnapStart needs published versions: AutoPublishAlias");
        assertEquals("Active", globals.get("Tracing"), "X-Ray traces both functions");
        for (String name : functionNames()) {
            Map<String, Object> logging = mergedWithGlobals(name, "LoggingConfig");
            assertEquals("JSON", logging.get("LogFormat"));
            // Log4j filters by LOG_LEVEL (LogLevel) and exempts the metric lines; Lambda must pass every line,
            // or it would drop the INFO metric lines of a stack logging at WARN.
            assertEquals("TRACE", logging.get("ApplicationLogLevel"));
            String group = refOrGetAttTarget(logging.get("LogGroup"));
            assertEquals("AWS::Logs::LogGroup", type(group));
            assertNotNull(properties(group).get("RetentionInDays"), group + " needs a retention");
        }
    }

    @Test
    void outputsNameEveryResourceAUserLooksFor() {
        Set<String> referenced = section("Outputs").values().stream()
                .map(o -> map(o, "output").get("Value")).map(v -> String.valueOf(v)).collect(Collectors.toSet());
        for (String resource : List.of("CompanyTable", "WorkQueue", "DeadLetterQueue", "OutputBucket",
                "ProducerFunction", "ConsumerFunction", "QueryWorkGroup", "QueryDatabase", "SentimentTable",
                "ResultsReaderPolicy", "OperationsDashboard")) {
            assertTrue(referenced.stream().anyMatch(v -> v.contains(resource)), "no output for " + resource);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<Path> textFilesToScan() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ProjectFiles.resolve("template.yaml"));
        files.add(ProjectFiles.resolve("samconfig.toml"));
        try (Stream<Path> events = Files.list(ProjectFiles.resolve("events"))) {
            events.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        }
        return files;
    }

    /** A stand-in value for an intrinsic function: a parameter's default or a plausible name. */
    private String resolve(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        Map<String, Object> fn = map(value, "intrinsic");
        if (fn.get("Ref") instanceof String ref && section("Parameters").containsKey(ref)) {
            Object def = parameter(ref).get("Default");
            return def == null ? ref + "-value" : String.valueOf(def);
        }
        if (fn.get("Fn::Sub") instanceof String sub && sub.matches("[^$]*(\\$\\{AWS::StackName}[^$]*)*")) {
            return sub.replace("${AWS::StackName}", "stack");
        }
        return "resolved-" + refOrGetAttTarget(value).toLowerCase();
    }

    /** The function's environment with each intrinsic function replaced by a stand-in value. */
    private Map<String, String> resolvedEnvironment(String function) {
        Map<String, String> env = new LinkedHashMap<>();
        environment(function).forEach((k, v) -> env.put(k, resolve(v)));
        return env;
    }

    private List<String> functionNames() {
        List<String> names = resourcesOfType("AWS::Serverless::Function");
        assertEquals(List.of("ProducerFunction", "ConsumerFunction"), names, "functions in template.yaml");
        return names;
    }

    private Map<String, Object> functionProperties(String name) {
        assertEquals("AWS::Serverless::Function", type(name));
        return properties(name);
    }

    /** A map-valued function property merged over the same property in Globals, as SAM does. */
    private Map<String, Object> mergedWithGlobals(String function, String property) {
        Map<String, Object> merged = new LinkedHashMap<>(map(map(map(section("Globals"), "Globals")
                .getOrDefault("Function", Map.of()), "Globals.Function").getOrDefault(property, Map.of()), property));
        merged.putAll(map(functionProperties(function).getOrDefault(property, Map.of()), function + "." + property));
        return merged;
    }

    /** The function's variables merged over Globals, as SAM does. */
    private Map<String, Object> environment(String function) {
        Map<String, Object> merged = new LinkedHashMap<>(variables(map(map(section("Globals"), "Globals")
                .getOrDefault("Function", Map.of()), "Globals.Function")));
        merged.putAll(variables(functionProperties(function)));
        return merged;
    }

    private static Map<String, Object> variables(Map<String, Object> props) {
        Object env = props.get("Environment");
        return env == null ? Map.of() : map(map(env, "Environment").getOrDefault("Variables", Map.of()), "Variables");
    }

    private Map<String, Object> consumerSqsEvent() {
        Map<String, Object> events = map(functionProperties("ConsumerFunction").get("Events"), "Events");
        List<Map<String, Object>> sqs = events.values().stream().map(e -> map(e, "event"))
                .filter(e -> "SQS".equals(e.get("Type"))).map(e -> map(e.get("Properties"), "Properties")).toList();
        assertEquals(1, sqs.size(), "ConsumerFunction needs exactly one SQS event");
        return sqs.get(0);
    }

    private List<Map<String, Object>> allowStatements() {
        return template.statements().stream().filter(s -> "Allow".equals(s.effect())).map(Template.Statement::body)
                .toList();
    }

    private static List<String> actions(Map<String, Object> statement) {
        return Template.strings(statement.get("Action"));
    }

    /** The logical ID in {@code !Ref X} or {@code !GetAtt X.Attr}. */
    private String refOrGetAttTarget(Object value) {
        Map<String, Object> fn = map(value, "reference");
        String target;
        if (fn.get("Ref") instanceof String ref) {
            target = ref;
        } else if (fn.get("Fn::GetAtt") instanceof List<?> att && !att.isEmpty()) {
            target = String.valueOf(att.get(0));
        } else {
            throw new AssertionError("expected !Ref or !GetAtt, was " + value);
        }
        assertTrue(resources().containsKey(target), "reference to unknown resource " + target);
        return target;
    }

    private List<String> resourcesOfType(String type) {
        return template.ofType(type);
    }

    private Map<String, Object> resources() {
        return template.resources();
    }

    private Map<String, Object> resource(String name) {
        Object r = resources().get(name);
        assertNotNull(r, "template.yaml has no resource " + name);
        return map(r, name);
    }

    private String type(String name) {
        resource(name);
        return template.type(name);
    }

    private Map<String, Object> properties(String name) {
        resource(name);
        return template.properties(name);
    }

    private Map<String, Object> parameter(String name) {
        return map(section("Parameters").get(name), "parameter " + name);
    }

    private static Map<String, Object> section(String name) {
        return map(template.root.get(name), name);
    }

    private static List<?> list(Object o, String what) {
        if (!(o instanceof Collection<?> c)) {
            throw new AssertionError(what + " is not a list: " + o);
        }
        return List.copyOf(c);
    }

    private static String text(Object o, String what) {
        if (!(o instanceof String s)) {
            throw new AssertionError(what + " is not a string: " + o);
        }
        return s;
    }

    private static long number(Object o, String what) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        if (o instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new AssertionError(what + " is not a number: " + o, e);
            }
        }
        throw new AssertionError(what + " is not a number: " + o);
    }
}
