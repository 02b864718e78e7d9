package org.fangsentiment.logging;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.message.MapMessage;

/**
 * Publishes counts as CloudWatch metrics in the Embedded Metric Format, on an ordinary JSON log
 * line: the line keeps its {@code timestamp}, {@code level}, {@code message} and {@code context},
 * and gains at its top level the {@code _aws} metadata (timestamp, namespace {@value #NAMESPACE},
 * the dimension {@value #DIMENSION}, each metric's name and unit {@code Count}), the dimension's
 * value and one number per metric. CloudWatch Logs turns such a line into metrics; no API call, no
 * permission and no agent is needed, and the line stays searchable like any other.
 *
 * <p>Written here rather than with {@code aws-embedded-metrics}: that library picks its output by
 * probing the environment (stdout in Lambda, an agent socket or EC2 metadata elsewhere), so its
 * lines would bypass the JSON layout, the invocation's context and the tests' log capture; the
 * format itself is a few nested maps. The layout ({@code FangJsonLayout.json}) flattens the
 * message's map into the line.
 *
 * <p>The lines go to their own logger, {@value #LOGGER}, which every Log4j configuration of the
 * project sets to INFO and not additive, outside the application's {@code LOG_LEVEL}: a deployment
 * logging at WARN (or ERROR) still publishes its metrics, so the dashboard and the alarms keep
 * working. The template's Lambda log-level filter is set to pass every line for the same reason
 * (Lambda would otherwise drop these INFO lines itself).
 */
public final class MetricsLog {

    /** The CloudWatch namespace of every metric of the pipeline. */
    public static final String NAMESPACE = "FangSentiment";
    /** The one dimension: the Lambda function's name ({@value #LOCAL} outside Lambda). */
    public static final String DIMENSION = "FunctionName";
    /** The dimension's value when no function name is known (local runs, tests without a context). */
    public static final String LOCAL = "local";

    /** The logger of the metric lines: INFO whatever {@code LOG_LEVEL} says (see the class comment). */
    public static final String LOGGER = "org.fangsentiment.metrics";

    private static final Logger LOG = LogManager.getLogger(LOGGER);

    private final Clock clock;

    /** Stamps each line's metrics with {@code clock}'s time. */
    public MetricsLog(Clock clock) {
        this.clock = clock;
    }

    /**
     * Logs one INFO line saying {@code summary} and carrying {@code counts} (metric name to count,
     * in that order) as metrics, for the function named in the thread context
     * ({@link InvocationLog}).
     */
    public void publish(String summary, Map<String, Long> counts) {
        String function = ThreadContext.get(InvocationLog.FUNCTION_NAME);
        List<Map<String, Object>> metrics = new ArrayList<>();
        counts.keySet().forEach(name -> metrics.add(Map.of("Name", name, "Unit", "Count")));
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", NAMESPACE);
        directive.put("Dimensions", List.of(List.of(DIMENSION)));
        directive.put("Metrics", metrics);
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", clock.millis());
        aws.put("CloudWatchMetrics", List.of(directive));

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("_aws", aws);
        fields.put(DIMENSION, function == null || function.isBlank() ? LOCAL : function);
        fields.putAll(counts);
        LOG.info(new MetricsMessage(summary, fields));
    }

    /** A map message whose text is a plain summary; the layout puts its entries at the line's top level. */
    private static final class MetricsMessage extends MapMessage<MetricsMessage, Object> {
        private static final long serialVersionUID = 1L;
        private final String summary;

        MetricsMessage(String summary, Map<String, Object> fields) {
            super(fields);
            this.summary = summary;
        }

        @Override
        public String getFormattedMessage() {
            return summary;
        }

        @Override
        public void formatTo(StringBuilder buffer) {
            buffer.append(summary);
        }
    }
}
