package org.fangsentiment.producer;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fangsentiment.config.PipelineContract;

/**
 * What one producer run did.
 *
 * @param runId the run's instant, ISO-8601 UTC; every message carries it as {@code run_id}
 * @param scanned items read from the table
 * @param sent messages accepted by SQS
 * @param invalid items not sent because they are not usable (no valid {@code name}, too large)
 * @param failed items that could not be sent after all retries
 * @param durationMs wall time of the run
 */
public record ProducerResult(String runId, long scanned, long sent, long invalid, long failed, long durationMs) {

    /** True when every scanned item was either sent or reported invalid. */
    public boolean complete() {
        return failed == 0 && scanned == sent + invalid;
    }

    /** The run's counts as metrics: {@code Scanned}, {@code Sent}, {@code Invalid} (alarmed above 0), {@code Failed}. */
    public Map<String, Long> metrics() {
        Map<String, Long> metrics = new LinkedHashMap<>();
        metrics.put("Scanned", scanned);
        metrics.put("Sent", sent);
        metrics.put(PipelineContract.INVALID_ITEMS_METRIC, invalid);
        metrics.put("Failed", failed);
        return metrics;
    }
}
