package org.fangsentiment.spot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Tag;

class InstanceSummaryTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    private static Instance instance(InstanceStateName state, String shutdownAt) {
        Instance.Builder builder = Instance.builder().instanceId("i-0abc").instanceType("r5.large")
                .placement(p -> p.availabilityZone("eu-west-1b")).state(s -> s.name(state))
                .launchTime(Instant.parse("2026-05-01T11:30:00.123Z")).publicDnsName("")
                .instanceLifecycle("spot");
        if (shutdownAt != null) {
            builder.tags(Tag.builder().key("launched-by").value("spot-launcher").build(),
                    Tag.builder().key("shutdown-at").value(shutdownAt).build());
        }
        return builder.build();
    }

    @Test
    void countsMinutesUntilTheShutdownTag() {
        InstanceSummary summary = InstanceSummary.of(instance(InstanceStateName.RUNNING, "2026-05-01T12:25:00Z"), NOW);
        assertEquals(25L, summary.minutesUntilShutdown());
        assertEquals("i-0abc", summary.instanceId());
        assertEquals("eu-west-1b", summary.availabilityZone());
        assertEquals("running", summary.state());
        assertEquals("2026-05-01T11:30:00Z", summary.launchedAt());
        assertNull(summary.publicDnsName(), "EC2's empty string means none");
        assertEquals("25 min", ListCommand.minutesLeft(summary.minutesUntilShutdown()));
        assertTrue(InstanceSummary.launchedByUs(instance(InstanceStateName.RUNNING, "x")));
    }

    @Test
    void overdueAndGoneInstances() {
        InstanceSummary overdue = InstanceSummary.of(instance(InstanceStateName.RUNNING, "2026-05-01T11:50:00Z"), NOW);
        assertEquals(-10L, overdue.minutesUntilShutdown());
        assertEquals("overdue 10 min", ListCommand.minutesLeft(overdue.minutesUntilShutdown()));
        assertNull(InstanceSummary.of(instance(InstanceStateName.TERMINATED, "2026-05-01T12:25:00Z"), NOW).minutesUntilShutdown());
        assertNull(InstanceSummary.of(instance(InstanceStateName.RUNNING, "not a time"), NOW).minutesUntilShutdown());
        InstanceSummary untagged = InstanceSummary.of(instance(InstanceStateName.RUNNING, null), NOW);
        assertNull(untagged.minutesUntilShutdown());
        assertFalse(InstanceSummary.launchedByUs(instance(InstanceStateName.RUNNING, null)));
        assertNull(ListCommand.minutesLeft(null));
    }
}
