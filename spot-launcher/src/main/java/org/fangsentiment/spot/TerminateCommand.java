package org.fangsentiment.spot;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;

/**
 * {@code terminate}: ends instances now, but only ones the launcher started unless {@code --force}.
 *
 * <p>All or nothing: if any id lacks the launcher's tag (and no {@code --force}), none is terminated,
 * so a mistyped id cannot take a production instance down with the batch ones.
 */
@Command(name = "terminate", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Terminate instances launched by spot-launcher (others only with --force).")
final class TerminateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Parameters(paramLabel = "ID", arity = "1..*", description = "Instance ids.")
    List<String> instanceIds;

    @Option(names = "--force", description = "Also terminate instances without the launched-by=spot-launcher tag.")
    boolean force;

    @Option(names = "--dry-run", description = "Ask EC2 whether the termination would be allowed; terminate nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        try (AwsClientFactory clients = aws.clients()) {
            Ec2Client ec2 = clients.ec2();
            Map<String, Instance> found = new LinkedHashMap<>();
            ec2.describeInstancesPaginator(r -> r.instanceIds(instanceIds)).reservations()
                    .forEach(r -> r.instances().forEach(i -> found.put(i.instanceId(), i)));
            List<String> missing = instanceIds.stream().filter(id -> !found.containsKey(id)).toList();
            if (!missing.isEmpty()) {
                throw new LauncherException(Ec2Errors.explain("InvalidInstanceID.NotFound", String.join(", ", missing)).message());
            }
            List<String> foreign = instanceIds.stream().filter(id -> !InstanceSummary.launchedByUs(found.get(id))).toList();
            if (!foreign.isEmpty() && !force) {
                throw new LauncherException("Refusing to terminate " + String.join(", ", foreign)
                        + ": not launched by spot-launcher (no " + LauncherTags.LAUNCHED_BY + "="
                        + LauncherTags.LAUNCHED_BY_VALUE + " tag). Nothing was terminated; use --force to terminate it anyway.");
            }
            if (dryRun) {
                return dryRun(ec2);
            }
            List<TerminationResult> results = new ArrayList<>();
            for (InstanceStateChange change : ec2.terminateInstances(r -> r.instanceIds(instanceIds)).terminatingInstances()) {
                results.add(new TerminationResult(change.instanceId(), change.previousState().nameAsString(),
                        change.currentState().nameAsString(), InstanceSummary.launchedByUs(found.get(change.instanceId()))));
            }
            print(results);
            return 0;
        }
    }

    private int dryRun(Ec2Client ec2) {
        try {
            ec2.terminateInstances(r -> r.instanceIds(instanceIds).dryRun(true));
        } catch (Ec2Exception e) {
            if (!Ec2Errors.isDryRunSuccess(e)) {
                throw new LauncherException("Dry run: the termination would fail. " + Ec2Errors.explain(e).message(),
                        LauncherException.FAILURE, e);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(aws.json() ? Json.write(Map.of("dryRun", true, "wouldSucceed", true, "instanceIds", instanceIds))
                    : Ec2Errors.explain(e).message());
            out.flush();
            return 0;
        }
        throw new LauncherException("EC2 did not treat the request as a dry run; check the instances' state.");
    }

    private void print(List<TerminationResult> results) {
        PrintWriter out = spec.commandLine().getOut();
        if (aws.json()) {
            out.println(Json.write(results));
        } else {
            Table table = Table.withHeader("ID", "BEFORE", "NOW", "LAUNCHED-BY-US");
            results.forEach(r -> table.row(r.instanceId(), r.previousState(), r.currentState(), r.launchedByUs() ? "yes" : "no"));
            out.print(table.render());
        }
        out.flush();
    }
}
