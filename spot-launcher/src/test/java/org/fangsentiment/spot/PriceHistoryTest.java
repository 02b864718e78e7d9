package org.fangsentiment.spot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

class PriceHistoryTest {

    private static SpotPrice price(String zone, String usd, String at) {
        return SpotPrice.builder().availabilityZone(zone).instanceType("r5.large").productDescription("Linux/UNIX")
                .spotPrice(usd).timestamp(Instant.parse(at)).build();
    }

    @Test
    void summarisesPerZoneCheapestCurrentFirst() {
        List<PriceSummary> summaries = PriceHistory.summarise(List.of(
                price("eu-west-1a", "0.0400", "2026-01-01T10:00:00Z"),
                price("eu-west-1a", "0.0300", "2026-01-01T12:00:00Z"),
                price("eu-west-1a", "0.0500", "2026-01-01T11:00:00Z"),
                price("eu-west-1b", "0.0350", "2026-01-01T09:00:00Z"),
                price("eu-west-1c", "0.0250", "2026-01-01T08:00:00Z"),
                price("eu-west-1c", "0.0450", "2026-01-01T13:00:00Z")));
        assertEquals(List.of("eu-west-1a", "eu-west-1b", "eu-west-1c"),
                summaries.stream().map(PriceSummary::availabilityZone).toList());
        PriceSummary a = summaries.get(0);
        assertEquals(new BigDecimal("0.0300"), a.current(), "current = most recent, not cheapest");
        assertEquals(new BigDecimal("0.0300"), a.min());
        assertEquals(new BigDecimal("0.0500"), a.max());
        assertEquals(3, a.samples());
        assertEquals("2026-01-01T12:00:00Z", a.updatedAt());
        PriceSummary c = summaries.get(2);
        assertEquals(new BigDecimal("0.0450"), c.current());
        assertEquals(new BigDecimal("0.0250"), c.min());
    }

    @Test
    void tiesAreOrderedByZoneAndEmptyInputGivesNothing() {
        List<PriceSummary> summaries = PriceHistory.summarise(List.of(
                price("us-east-1b", "0.01", "2026-01-01T00:00:00Z"),
                price("us-east-1a", "0.01", "2026-01-01T00:00:00Z")));
        assertEquals("us-east-1a", summaries.get(0).availabilityZone());
        assertTrue(PriceHistory.summarise(List.of()).isEmpty());
    }
}
