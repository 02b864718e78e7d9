package org.fangsentiment.spot;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * {@code list}: the instances carrying the launcher's tag, with minutes until they halt.
 */
@Command(name = "list", sortOptions = false, mixinStandardHelpOptions = true,
        description = "List instances launched by spot-launcher: id, type, zone, state, launch time, minutes left.")
final class ListCommand implements Callable<Integer> {

    /** Every state but terminated: those linger in DescribeInstances for about an hour. */
    static final List<String> LIVE_STATES = List.of("pending", "running", "shutting-down", "stopping", "stopped");

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Option(names = "--all", description = "Include terminated instances.")
    boolean all;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        List<Filter> filters = new ArrayList<>();
        filters.add(Filter.builder().name("tag:" + LauncherTags.LAUNCHED_BY).values(LauncherTags.LAUNCHED_BY_VALUE).build());
        if (!all) {
            filters.add(Filter.builder().name("instance-state-name").values(LIVE_STATES).build());
        }
        Instant now = clock.instant();
        List<InstanceSummary> instances = new ArrayList<>();
        try (AwsClientFactory clients = aws.clients()) {
            for (Instance instance : clients.ec2()
                    .describeInstancesPaginator(DescribeInstancesRequest.builder().filters(filters).build())
                    .reservations().stream().flatMap(r -> r.instances().stream()).toList()) {
                instances.add(InstanceSummary.of(instance, now));
            }
        }
        instances.sort(Comparator.comparing(InstanceSummary::launchedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(InstanceSummary::instanceId));
        PrintWriter out = spec.commandLine().getOut();
        if (aws.json()) {
            out.println(Json.write(instances));
        } else if (instances.isEmpty()) {
            out.println("No instances launched by spot-launcher" + (all ? "." : " are alive (--all shows terminated ones)."));
        } else {
            Table table = Table.withHeader("ID", "TYPE", "ZONE", "STATE", "LAUNCHED", "SHUTDOWN-IN");
            for (InstanceSummary i : instances) {
                table.row(i.instanceId(), i.instanceType(), i.availabilityZone(), i.state(), i.launchedAt(),
                        minutesLeft(i.minutesUntilShutdown()));
            }
            out.print(table.render());
        }
        out.flush();
        return 0;
    }

    /** "42 min", "overdue 3 min" or "-". */
    static String minutesLeft(Long minutes) {
        if (minutes == null) {
            return null;
        }
        return minutes >= 0 ? minutes + " min" : "overdue " + (-minutes) + " min";
    }
}
