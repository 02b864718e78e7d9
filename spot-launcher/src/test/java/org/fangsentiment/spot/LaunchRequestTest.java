package org.fangsentiment.spot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LaunchRequestTest {

    @Test
    void defaultsAreR5LargeFor55Minutes() {
        LaunchRequest request = LaunchRequest.builder().build();
        assertEquals("r5.large", request.instanceType());
        assertEquals(55, request.durationMinutes());
        assertNull(request.imageId());
        assertTrue(request.securityGroupIds().isEmpty());
        assertTrue(request.tags().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 55, 10079, 10080})
    void acceptsDurationsFromOneMinuteToOneWeek(int minutes) {
        assertEquals(minutes, LaunchRequest.builder().durationMinutes(minutes).build().durationMinutes());
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -5, 0, 10081, Integer.MAX_VALUE})
    void rejectsOtherDurationsNamingTheRange(int minutes) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaunchRequest.builder().durationMinutes(minutes).build());
        assertEquals("Invalid --duration " + minutes + ": must be between 1 and 10080 minutes (one week).", e.getMessage());
    }

    @Test
    void shutdownAtIsLaunchTimePlusDuration() {
        Instant launch = Instant.parse("2026-01-02T03:04:05Z");
        assertEquals(Instant.parse("2026-01-02T03:59:05Z"), LaunchRequest.builder().build().shutdownAt(launch));
    }

    @ParameterizedTest
    @ValueSource(strings = {"R5.large", "r5", "r5.", ".large", "r5 large", ""})
    void rejectsMalformedInstanceTypes(String type) {
        assertThrows(IllegalArgumentException.class, () -> LaunchRequest.builder().instanceType(type).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"r5.large", "m7g.xlarge", "c7i-flex.large", "u-6tb1.metal", "t4g.nano"})
    void acceptsRealInstanceTypes(String type) {
        assertEquals(type, LaunchRequest.builder().instanceType(type).build().instanceType());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ami-123", "image-0123456789abcdef0", "ami-0123456789ABCDEF0", "ami-0123456789abcdef01"})
    void rejectsMalformedAmiIds(String id) {
        assertThrows(IllegalArgumentException.class, () -> LaunchRequest.builder().imageId(id).build());
    }

    @Test
    void rejectsNonPositivePricesAndOddVolumeSizes() {
        assertThrows(IllegalArgumentException.class, () -> LaunchRequest.builder().maxPrice(BigDecimal.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> LaunchRequest.builder().maxPrice(new BigDecimal("-0.1")).build());
        assertThrows(IllegalArgumentException.class, () -> LaunchRequest.builder().volumeSizeGiB(0).build());
        assertThrows(IllegalArgumentException.class, () -> LaunchRequest.builder().volumeSizeGiB(16_385).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"launched-by", "shutdown-at", "aws:cloudformation:stack-name", "AWS:x"})
    void rejectsReservedTagKeys(String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaunchRequest.builder().tag(key, "x").build());
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void rejectsTooManyOrTooLongTags() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 48; i++) {
            many.put("k" + i, "v");
        }
        assertThrows(IllegalArgumentException.class, () -> LaunchRequest.builder().tags(many).build());
        assertThrows(IllegalArgumentException.class, () -> LaunchRequest.builder().tag("k".repeat(129), "v").build());
        assertThrows(IllegalArgumentException.class, () -> LaunchRequest.builder().tag("k", "v".repeat(257)).build());
    }

    @Test
    void collectionsAreCopiedAndImmutable() {
        LaunchRequest request = LaunchRequest.builder().tag("team", "data").build();
        assertThrows(UnsupportedOperationException.class, () -> request.tags().put("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> request.securityGroupIds().add("sg-1"));
    }
}
