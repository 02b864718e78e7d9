package org.fangsentiment.spot;

/**
 * One instance's state change reported by {@code terminate}.
 *
 * @param instanceId    the instance
 * @param previousState its state before the call
 * @param currentState  its state after the call (usually shutting-down)
 * @param launchedByUs  whether it carried the launcher's tag
 */
public record TerminationResult(String instanceId, String previousState, String currentState, boolean launchedByUs) {
}
