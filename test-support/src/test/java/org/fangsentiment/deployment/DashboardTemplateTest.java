package org.fangsentiment.deployment;

import static org.fangsentiment.deployment.Template.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fangsentiment.config.WorkerMetricsConfig;
import org.fangsentiment.logging.MetricsLog;
import org.fangsentiment.testing.ProjectFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The operations dashboard: its body is JSON in a {@code !Sub}, which cfn-lint does not look
 * into. Every reference names a resource of this stack, the pipeline's own metrics are exactly
 * the ones the functions publish (read from their code), the AWS metrics are real ones of the
 * right resources, every alarm is on it, and docs/deploy.md says what to do about each alarm.
 */
class DashboardTemplateTest {

    private static final String DASHBOARD = "OperationsDashboard";
    /** The queue worker's {@code FunctionName} dimension value: the task definition's {@code WORKER_METRICS_NAME}. */
    private static final String WORKER = "${AWS::StackName}-worker";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9:]+)(?:\\.([A-Za-z]+))?}");
    /** Metric names of the AWS namespaces the dashboard may use, and the dimension each is read by. */
    private static final Map<String, Set<String>> AWS_METRICS = Map.of(
            "AWS/Lambda", Set.of("Duration", "Errors", "Throttles", "Invocations", "ConcurrentExecutions"),
            "AWS/SQS", Set.of("ApproximateNumberOfMessagesVisible", "ApproximateNumberOfMessagesNotVisible",
                    "ApproximateAgeOfOldestMessage", "NumberOfMessagesSent", "NumberOfMessagesDeleted"));
    private static final Map<String, String> AWS_DIMENSIONS = Map.of("AWS/Lambda", "FunctionName", "AWS/SQS", "QueueName");

    /** One line of a metric widget: namespace, name, one dimension, and the widget it is on. */
    record Metric(String namespace, String name, String dimension, String value, Map<String, Object> widget) {
    }

    private static Template template;
    private static String body;
    private static List<Map<String, Object>> widgets;

    @BeforeAll
    static void load() throws IOException {
        template = Template.load();
        assertEquals("AWS::CloudWatch::Dashboard", template.type(DASHBOARD));
        body = String.valueOf(map(template.properties(DASHBOARD).get("DashboardBody"), "DashboardBody").get("Fn::Sub"));
        // JSON is YAML: the template's own parser reads the body.
        Map<String, Object> root = map(new Yaml(new SafeConstructor(new LoaderOptions())).load(body), "DashboardBody");
        widgets = ((List<?>) root.get("widgets")).stream().map(w -> map(w, "widget")).toList();
    }

    @Test
    void everyReferenceNamesAResourceOfThisStack() {
        Map<String, Set<String>> attributes = Map.of(
                "AWS::SQS::Queue", Set.of("QueueName", "Arn"),
                "AWS::CloudWatch::Alarm", Set.of("Arn"),
                "AWS::Serverless::Function", Set.of());
        Matcher m = REFERENCE.matcher(body);
        int references = 0;
        while (m.find()) {
            references++;
            String id = m.group(1);
            if (id.startsWith("AWS::")) {
                assertTrue(Set.of("AWS::Region", "AWS::StackName").contains(id),
                        "the region, and the stack's name in the worker's metric name: " + m.group());
                continue;
            }
            assertTrue(template.resources().containsKey(id), "not a resource of this stack: " + m.group());
            Set<String> allowed = attributes.get(template.type(id));
            assertTrue(allowed != null && (m.group(2) == null || allowed.contains(m.group(2))),
                    m.group() + " is no attribute the dashboard reads of a " + template.type(id));
        }
        assertTrue(references > 0);
        assertFalse(body.contains("${!"), "no literal ${...} in the body");
        for (Map<String, Object> widget : widgets) {
            if ("metric".equals(widget.get("type"))) {
                assertEquals("${AWS::Region}", map(widget.get("properties"), "properties").get("region"),
                        "each metric widget reads the stack's region: " + widget);
            }
        }
    }

    /** Both ways: a metric the code stops publishing leaves the dashboard; one it starts publishing joins it. */
    @Test
    void pipelineMetricsAreExactlyTheOnesTheFunctionsPublish() {
        Map<String, Set<String>> shown = new TreeMap<>();
        for (Metric metric : metrics()) {
            if (!metric.namespace().equals(MetricsLog.NAMESPACE)) {
                continue;
            }
            assertEquals(MetricsLog.DIMENSION, metric.dimension(), "MetricsLog's one dimension: " + metric);
            String function = metric.value().equals(WORKER) ? "worker" : functionIn(metric.value());
            assertTrue(shown.computeIfAbsent(function, f -> new TreeSet<>()).add(metric.name()), "shown twice: " + metric);
        }
        assertEquals(new TreeSet<>(CodeFacts.producerMetrics()), shown.get("ProducerFunction"),
                "the producer's metrics (ProducerResult.metrics) on the dashboard");
        assertEquals(new TreeSet<>(CodeFacts.consumerMetrics()), shown.get("ConsumerFunction"),
                "the consumer's metrics (ConsumerMetrics: Processed, Failed, Lookup_<status>, Label_<label>) on the dashboard");
        assertEquals(new TreeSet<>(CodeFacts.consumerMetrics()), shown.get("worker"),
                "the queue worker's metrics (the consumer's, published by WorkerMetrics) beside them");
        Object published = null;
        for (Object e : (List<?>) map(((List<?>) template.properties("WorkerTaskDefinition").get("ContainerDefinitions"))
                .get(0), "container").get("Environment")) {
            if (WorkerMetricsConfig.ENV_NAME.equals(map(e, "variable").get("Name"))) {
                published = map(e, "variable").get("Value");
            }
        }
        assertEquals(Map.of("Fn::Sub", WORKER), published, "the name the task publishes under is the one shown");
    }

    @Test
    void awsMetricsAreRealOnesOfTheRightResources() {
        for (Metric metric : metrics()) {
            if (metric.namespace().equals(MetricsLog.NAMESPACE)) {
                continue;
            }
            assertTrue(AWS_METRICS.getOrDefault(metric.namespace(), Set.of()).contains(metric.name()),
                    "not a metric this dashboard knows: " + metric);
            assertEquals(AWS_DIMENSIONS.get(metric.namespace()), metric.dimension(), metric.toString());
            if (metric.namespace().equals("AWS/Lambda")) {
                functionIn(metric.value());
            } else {
                Matcher m = Pattern.compile("\\$\\{(\\w+)\\.QueueName}").matcher(metric.value());
                assertTrue(m.matches() && template.type(m.group(1)).equals("AWS::SQS::Queue"),
                        "an SQS metric of a queue of this stack: " + metric);
            }
        }
    }

    /** What issue 23 asks the page to show. */
    @Test
    void showsWhatWatchingARunNeeds() {
        Set<String> lines = new LinkedHashSet<>();
        metrics().forEach(m -> lines.add(m.namespace() + " " + m.name() + " " + m.value()));
        for (String needed : List.of(
                "AWS/Lambda Duration ${ConsumerFunction}",
                "AWS/Lambda Errors ${ConsumerFunction}",
                "AWS/Lambda Throttles ${ConsumerFunction}",
                "AWS/SQS ApproximateNumberOfMessagesVisible ${WorkQueue.QueueName}",
                "AWS/SQS ApproximateAgeOfOldestMessage ${WorkQueue.QueueName}",
                "AWS/SQS ApproximateNumberOfMessagesVisible ${DeadLetterQueue.QueueName}",
                "AWS/SQS ApproximateNumberOfMessagesVisible ${ScheduleFailureQueue.QueueName}")) {
            assertTrue(lines.contains(needed), "the dashboard lacks " + needed + "; it has " + lines);
        }
        // Labels per day: every label metric on one widget that sums a day.
        Set<String> labels = new TreeSet<>();
        CodeFacts.consumerMetrics().stream().filter(n -> n.startsWith("Label_")).forEach(labels::add);
        boolean perDay = widgets.stream().anyMatch(w -> {
            Map<String, Object> p = map(w.get("properties"), "properties");
            Set<String> names = new TreeSet<>();
            metricsOf(w).forEach(m -> names.add(m.name()));
            return Integer.valueOf(86_400).equals(p.get("period")) && "Sum".equals(p.get("stat")) && names.equals(labels);
        });
        assertTrue(perDay, "one widget summing " + labels + " per day");
    }

    @Test
    void alarmWidgetShowsEveryAlarm() {
        Set<String> shown = new TreeSet<>();
        for (Map<String, Object> widget : widgets) {
            if ("alarm".equals(widget.get("type"))) {
                for (Object arn : (List<?>) map(widget.get("properties"), "properties").get("alarms")) {
                    Matcher m = Pattern.compile("\\$\\{(\\w+)\\.Arn}").matcher(String.valueOf(arn));
                    assertTrue(m.matches(), "an alarm of this stack by its Arn: " + arn);
                    shown.add(m.group(1));
                }
            }
        }
        // A conditional alarm (the optional worker's scaling alarms) cannot be named by an unconditional dashboard.
        Set<String> always = new TreeSet<>();
        for (String alarm : template.ofType("AWS::CloudWatch::Alarm")) {
            if (!Template.map(template.root.get("Resources"), "Resources").containsKey(alarm)
                    || !Template.map(Template.map(template.root.get("Resources"), "Resources").get(alarm), alarm).containsKey("Condition")) {
                always.add(alarm);
            }
        }
        assertEquals(always, shown);
    }

    @Test
    void widgetsFitTheGridWithoutOverlapping() {
        List<int[]> boxes = new ArrayList<>();
        for (Map<String, Object> widget : widgets) {
            int x = (Integer) widget.get("x");
            int y = (Integer) widget.get("y");
            int w = (Integer) widget.get("width");
            int h = (Integer) widget.get("height");
            assertTrue(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 24, "outside the 24-column grid: " + widget);
            for (int[] b : boxes) {
                boolean apart = x + w <= b[0] || b[0] + b[2] <= x || y + h <= b[1] || b[1] + b[3] <= y;
                assertTrue(apart, "overlaps another widget: " + widget);
            }
            boxes.add(new int[] {x, y, w, h});
            assertTrue(map(widget.get("properties"), "properties").get("title") instanceof String, "a title: " + widget);
        }
    }

    /** docs/deploy.md's "Operating it" says what each alarm of the template means and what to do. */
    @Test
    void operatingItExplainsEveryAlarm() throws IOException {
        String deploy = Files.readString(ProjectFiles.resolve("docs/deploy.md"));
        int start = deploy.indexOf("## Operating it");
        assertTrue(start >= 0, "docs/deploy.md has an \"Operating it\" section");
        int end = deploy.indexOf("\n## ", start + 1);
        String section = deploy.substring(start, end < 0 ? deploy.length() : end);
        for (String alarm : template.ofType("AWS::CloudWatch::Alarm")) {
            assertTrue(section.contains("`" + alarm + "`"), "\"Operating it\" does not explain " + alarm);
        }
        assertTrue(section.contains("`" + DASHBOARD + "`"), "\"Operating it\" points to the dashboard");
    }

    // ------------------------------------------------------------------ helpers

    /** The Serverless function a {@code ${X}} names. */
    private static String functionIn(String value) {
        Matcher m = Pattern.compile("\\$\\{(\\w+)}").matcher(value);
        assertTrue(m.matches(), "a function's name by reference: " + value);
        assertEquals("AWS::Serverless::Function", template.type(m.group(1)), value);
        return m.group(1);
    }

    private static List<Metric> metrics() {
        List<Metric> all = new ArrayList<>();
        widgets.forEach(w -> all.addAll(metricsOf(w)));
        assertFalse(all.isEmpty());
        return all;
    }

    private static List<Metric> metricsOf(Map<String, Object> widget) {
        if (!"metric".equals(widget.get("type"))) {
            return List.of();
        }
        List<Metric> out = new ArrayList<>();
        for (Object line : (List<?>) map(widget.get("properties"), "properties").get("metrics")) {
            List<?> cells = (List<?>) line;
            List<String> strings = cells.stream().filter(c -> c instanceof String).map(String::valueOf).toList();
            assertEquals(4, strings.size(), "namespace, name and one dimension, in full (no \".\"): " + line);
            out.add(new Metric(strings.get(0), strings.get(1), strings.get(2), strings.get(3), widget));
        }
        return out;
    }
}
