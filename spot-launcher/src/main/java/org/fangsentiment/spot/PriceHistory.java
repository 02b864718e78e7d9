package org.fangsentiment.spot;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

/**
 * Summarises {@code DescribeSpotPriceHistory} records per availability zone: current, min and max,
 * cheapest zone first.
 *
 * <p>EC2 also returns the price that was in effect at the window's start, so a zone whose price
 * did not change in the window still has one sample.
 */
public final class PriceHistory {

    private PriceHistory() {
    }

    /** Groups the records by zone (and type) and sorts by current price, then zone name. */
    public static List<PriceSummary> summarise(Iterable<SpotPrice> prices) {
        Map<String, List<SpotPrice>> byZone = new TreeMap<>();
        for (SpotPrice price : prices) {
            if (price.spotPrice() == null || price.availabilityZone() == null) {
                continue;
            }
            byZone.computeIfAbsent(price.availabilityZone() + "\u0000" + price.instanceTypeAsString(),
                    k -> new ArrayList<>()).add(price);
        }
        List<PriceSummary> summaries = new ArrayList<>();
        for (List<SpotPrice> zone : byZone.values()) {
            SpotPrice latest = zone.stream()
                    .max(Comparator.comparing(p -> p.timestamp() == null ? Instant.MIN : p.timestamp()))
                    .orElseThrow();
            BigDecimal min = zone.stream().map(p -> new BigDecimal(p.spotPrice())).min(Comparator.naturalOrder()).orElseThrow();
            BigDecimal max = zone.stream().map(p -> new BigDecimal(p.spotPrice())).max(Comparator.naturalOrder()).orElseThrow();
            summaries.add(new PriceSummary(latest.availabilityZone(), latest.instanceTypeAsString(),
                    new BigDecimal(latest.spotPrice()), min, max, zone.size(),
                    latest.timestamp() == null ? null : latest.timestamp().toString()));
        }
        summaries.sort(Comparator.comparing(PriceSummary::current).thenComparing(PriceSummary::availabilityZone));
        return summaries;
    }
}
