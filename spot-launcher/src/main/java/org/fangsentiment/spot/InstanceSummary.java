package org.fangsentiment.spot;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * One launched instance as {@code list} and {@code launch --wait} show it.
 *
 * @param instanceId            the instance id
 * @param instanceType          its type
 * @param availabilityZone      its zone
 * @param state                 its state name (pending, running, shutting-down, terminated, ...)
 * @param launchedAt            launch time (ISO-8601)
 * @param shutdownAt            the {@code shutdown-at} tag, or {@code null}
 * @param minutesUntilShutdown  whole minutes until {@code shutdownAt} (negative when overdue), or
 *                              {@code null} when unknown or the instance is already gone
 * @param publicDnsName         public DNS name, or {@code null}
 * @param lifecycle             {@code spot} or {@code null} for on-demand
 */
public record InstanceSummary(
        String instanceId,
        String instanceType,
        String availabilityZone,
        String state,
        String launchedAt,
        String shutdownAt,
        Long minutesUntilShutdown,
        String publicDnsName,
        String lifecycle) {

    /** Summarises an EC2 instance as seen at {@code now}. */
    public static InstanceSummary of(Instance instance, Instant now) {
        String shutdownAt = tag(instance, LauncherTags.SHUTDOWN_AT);
        String state = instance.state() == null ? null : instance.state().nameAsString();
        Long minutes = null;
        if (shutdownAt != null && !"terminated".equals(state) && !"shutting-down".equals(state)) {
            try {
                minutes = Duration.between(now, Instant.parse(shutdownAt)).toMinutes();
            } catch (DateTimeParseException e) {
                minutes = null; // someone edited the tag by hand; show it, but no countdown
            }
        }
        String dns = instance.publicDnsName();
        return new InstanceSummary(
                instance.instanceId(),
                instance.instanceTypeAsString(),
                instance.placement() == null ? null : instance.placement().availabilityZone(),
                state,
                instance.launchTime() == null ? null : instance.launchTime().truncatedTo(ChronoUnit.SECONDS).toString(),
                shutdownAt,
                minutes,
                dns == null || dns.isEmpty() ? null : dns,
                instance.instanceLifecycleAsString());
    }

    /** The value of a tag on the instance, or {@code null}. */
    public static String tag(Instance instance, String key) {
        return instance.tags().stream()
                .filter(t -> key.equals(t.key()))
                .map(Tag::value)
                .findFirst()
                .orElse(null);
    }

    /** Whether the instance carries the launcher's {@code launched-by} tag. */
    public static boolean launchedByUs(Instance instance) {
        return LauncherTags.LAUNCHED_BY_VALUE.equals(tag(instance, LauncherTags.LAUNCHED_BY));
    }
}
