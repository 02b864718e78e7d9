package org.fangsentiment.producer;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fangsentiment.config.PipelineContract;

/**
 * What one producer invocation did (a whole run, unless it handed on or fanned out: then the run's
 * counts are the sums over its invocations).
 *
 * @param runId the run's instant, ISO-8601 UTC; every message carries it as {@code run_id}
 * @param scanned items read from the table
 * @param sent messages accepted by SQS
 * @param invalid items not sent because they are not usable (no valid {@code name}, too large)
 * @param failed items that could not be sent after all retries
 * @param durationMs wall time of the run
 * @param continuations continuation messages this invocation sent: the rest of its chain handed on
 *     near the deadline (1), or the chains of a run it fanned out (their number); 0 when its work ended here
 */
public record ProducerResult(String runId, long scanned, long sent, long invalid, long failed, long durationMs,
                             int continuations) {

    /** The result of an invocation that handed nothing on. */
    public ProducerResult(String runId, long scanned, long sent, long invalid, long failed, long durationMs) {
        this(runId, scanned, sent, invalid, failed, durationMs, 0);
    }

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
