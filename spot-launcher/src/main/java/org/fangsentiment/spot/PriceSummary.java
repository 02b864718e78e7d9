package org.fangsentiment.spot;

import java.math.BigDecimal;

/**
 * Spot prices of one instance type in one availability zone over the queried window.
 *
 * @param availabilityZone the zone
 * @param instanceType     the instance type
 * @param current          the most recent price, USD per hour
 * @param min              the lowest price in the window
 * @param max              the highest price in the window
 * @param samples          how many price changes the window held
 * @param updatedAt        when the current price took effect (ISO-8601)
 */
public record PriceSummary(
        String availabilityZone,
        String instanceType,
        BigDecimal current,
        BigDecimal min,
        BigDecimal max,
        int samples,
        String updatedAt) {
}
