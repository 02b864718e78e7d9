package org.fangsentiment.spot;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest;

/**
 * {@code prices}: current, minimum and maximum spot price per availability zone, cheapest first.
 */
@Command(name = "prices", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Show spot prices per availability zone (current, min, max over --hours), cheapest first.")
final class PricesCommand implements Callable<Integer> {

    /** What Amazon Linux is billed as; other products (Windows, RHEL, SUSE) have their own prices. */
    static final String PRODUCT = "Linux/UNIX";
    /** EC2 keeps 90 days of spot price history. */
    static final int MAX_HOURS = 90 * 24;

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Option(names = "--instance-type", paramLabel = "TYPE", defaultValue = LaunchRequest.DEFAULT_INSTANCE_TYPE,
            description = "Instance type. Default: ${DEFAULT-VALUE}.")
    String instanceType;

    @Option(names = "--hours", paramLabel = "N", defaultValue = "24",
            description = "How far back to look, 1.." + MAX_HOURS + " hours. Default: ${DEFAULT-VALUE}.")
    int hours;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        if (hours < 1 || hours > MAX_HOURS) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid --hours " + hours + ": must be between 1 and " + MAX_HOURS + " (EC2 keeps 90 days).");
        }
        Instant now = clock.instant();
        DescribeSpotPriceHistoryRequest request = DescribeSpotPriceHistoryRequest.builder()
                .instanceTypesWithStrings(instanceType)
                .productDescriptions(PRODUCT)
                .startTime(now.minus(Duration.ofHours(hours)))
                .endTime(now)
                .build();
        List<PriceSummary> summaries;
        try (AwsClientFactory clients = aws.clients()) {
            summaries = PriceHistory.summarise(clients.ec2().describeSpotPriceHistoryPaginator(request).spotPriceHistory());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (aws.json()) {
            out.println(Json.write(summaries));
        } else if (summaries.isEmpty()) {
            out.println("No spot prices for " + instanceType + " (" + PRODUCT + ") in the last " + hours
                    + " hours: the type may not be offered in this region.");
        } else {
            Table table = Table.withHeader("ZONE", "TYPE", "CURRENT", "MIN", "MAX", "CHANGES", "SINCE");
            for (PriceSummary s : summaries) {
                table.row(s.availabilityZone(), s.instanceType(), s.current().toPlainString(), s.min().toPlainString(),
                        s.max().toPlainString(), s.samples(), s.updatedAt());
            }
            out.print(table.render());
            out.println("USD per hour, " + PRODUCT + ", last " + hours + " h. Cheapest zone first.");
        }
        out.flush();
        return 0;
    }
}
