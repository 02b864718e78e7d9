package org.fangsentiment.spot;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;

/**
 * {@code launch}: one self-terminating spot instance.
 *
 * <p>Validates locally first (duration, user data, tags), then resolves the AMI, then calls
 * {@code RunInstances}, optionally as a dry run, optionally waiting until the instance runs.
 */
@Command(name = "launch", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Launch a spot instance that halts (and so terminates) itself after --duration minutes.")
final class LaunchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Option(names = "--instance-type", paramLabel = "TYPE", defaultValue = LaunchRequest.DEFAULT_INSTANCE_TYPE,
            description = "Instance type. Default: ${DEFAULT-VALUE}.")
    String instanceType;

    @Option(names = "--duration", paramLabel = "MIN", defaultValue = "" + LaunchRequest.DEFAULT_DURATION_MINUTES,
            description = "Minutes after boot at which the instance halts and terminates, 1..10080. Default: ${DEFAULT-VALUE}.")
    int durationMinutes;

    @Option(names = "--ami", paramLabel = "ID",
            description = "AMI id. Default: the latest Amazon Linux 2023 for the type's architecture (public SSM parameter).")
    String imageId;

    @Option(names = "--key-name", paramLabel = "NAME", description = "EC2 key pair for SSH. Default: none.")
    String keyName;

    @Option(names = "--security-group-id", paramLabel = "SG", split = ",",
            description = "Security group id; repeat or comma-separate for several. Default: the VPC's default group.")
    List<String> securityGroupIds;

    @Option(names = "--subnet-id", paramLabel = "SUBNET", description = "Subnet id. Default: the default VPC's choice.")
    String subnetId;

    @Option(names = "--instance-profile", paramLabel = "NAME|ARN", description = "IAM instance profile for the job.")
    String instanceProfile;

    @Option(names = "--max-price", paramLabel = "USD",
            description = "Highest price per hour. Default: the on-demand price (EC2's cap).")
    BigDecimal maxPrice;

    @Option(names = "--volume-size", paramLabel = "GiB",
            description = "Root volume size (encrypted gp3). Default: the AMI's snapshot size.")
    Integer volumeSizeGiB;

    @Option(names = "--user-data-file", paramLabel = "FILE",
            description = "Shell script (#!) or cloud-config (#cloud-config) to run after the shutdown is scheduled.")
    Path userDataFile;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Extra tag; repeat for several. Name=... replaces the default name.")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--wait", description = "Wait until the instance is running and print its zone and public DNS name.")
    boolean waitUntilRunning;

    @Option(names = "--wait-timeout", paramLabel = "MIN", defaultValue = "10", hidden = true,
            description = "How long --wait waits, in minutes.")
    int waitTimeoutMinutes;

    @Option(names = "--dry-run", description = "Ask EC2 whether the launch would succeed (permissions, parameters); launch nothing.")
    boolean dryRun;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        LaunchRequest request = request();
        try (AwsClientFactory clients = aws.clients()) {
            ResolvedImage image = new ImageResolver(clients.ec2(), clients.ssm()).resolve(request.instanceType(), request.imageId());
            Instant now = clock.instant();
            RunInstancesRequest run;
            try {
                run = RunInstancesRequestFactory.build(request, image, now);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            int userDataBytes = UserData.decode(run.userData()).getBytes(StandardCharsets.UTF_8).length;
            String shutdownAt = RunInstancesRequestFactory.tags(request, now).get(LauncherTags.SHUTDOWN_AT);
            if (request.dryRun()) {
                return dryRun(clients.ec2(), run, request, image, shutdownAt, userDataBytes);
            }
            Instance instance = clients.ec2().runInstances(run).instances().get(0);
            if (waitUntilRunning) {
                instance = waitForRunning(clients.ec2(), instance.instanceId());
            }
            InstanceSummary summary = InstanceSummary.of(instance, now);
            print(new LaunchResult(false, true, instance.instanceId(), request.instanceType(), image.imageId(),
                    image.source(), architecture(image), summary.state(), summary.availabilityZone(),
                    summary.publicDnsName(), request.durationMinutes(), shutdownAt, userDataBytes,
                    "Launched " + instance.instanceId() + "; it halts and terminates itself " + request.durationMinutes()
                            + " minutes after boot (about " + shutdownAt + ")."));
            return 0;
        }
    }

    private LaunchRequest request() {
        try {
            LaunchRequest request = LaunchRequest.builder()
                    .instanceType(instanceType)
                    .durationMinutes(durationMinutes)
                    .imageId(imageId)
                    .keyName(keyName)
                    .securityGroupIds(securityGroupIds)
                    .subnetId(subnetId)
                    .instanceProfile(instanceProfile)
                    .maxPrice(maxPrice)
                    .volumeSizeGiB(volumeSizeGiB)
                    .userData(readUserData())
                    .tags(tags)
                    .dryRun(dryRun)
                    .build();
            // Render the user data once now, so a bad file or one over 16 KB fails before any AWS call.
            UserData.encode(CloudConfig.builder().shutdownAfterMinutes(request.durationMinutes())
                    .merge(request.userData()).build());
            return request;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private String readUserData() {
        if (userDataFile == null) {
            return null;
        }
        try {
            return Files.readString(userDataFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "Cannot read --user-data-file " + userDataFile + ": " + e, e);
        }
    }

    private int dryRun(Ec2Client ec2, RunInstancesRequest run, LaunchRequest request, ResolvedImage image,
                       String shutdownAt, int userDataBytes) {
        try {
            ec2.runInstances(run);
        } catch (Ec2Exception e) {
            if (!Ec2Errors.isDryRunSuccess(e)) {
                throw new LauncherException("Dry run: the launch would fail. " + Ec2Errors.explain(e).message(),
                        LauncherException.FAILURE, e);
            }
            print(new LaunchResult(true, true, null, request.instanceType(), image.imageId(), image.source(),
                    architecture(image), null, null, null, request.durationMinutes(), shutdownAt, userDataBytes,
                    Ec2Errors.explain(e).message()));
            return 0;
        }
        // EC2 always answers a dry run with an error; a normal answer means something launched.
        throw new LauncherException("EC2 did not treat the request as a dry run; check `spot-launcher list`.");
    }

    private Instance waitForRunning(Ec2Client ec2, String instanceId) {
        try {
            return ec2.waiter()
                    .waitUntilInstanceRunning(DescribeInstancesRequest.builder().instanceIds(instanceId).build(),
                            WaiterOverrideConfiguration.builder()
                                    .waitTimeout(Duration.ofMinutes(waitTimeoutMinutes))
                                    .build())
                    .matched().response()
                    .map(r -> r.reservations().get(0).instances().get(0))
                    .orElseGet(() -> describe(ec2, instanceId));
        } catch (SdkClientException e) {
            // The waiter gives up when the instance terminates (e.g. capacity taken back) or on timeout.
            Instance instance = describe(ec2, instanceId);
            String reason = instance.stateReason() == null ? "" : " (" + instance.stateReason().message() + ")";
            throw new LauncherException("Instance " + instanceId + " did not reach running: it is "
                    + instance.state().nameAsString() + reason + ".", LauncherException.FAILURE, e);
        }
    }

    private static Instance describe(Ec2Client ec2, String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    private static String architecture(ResolvedImage image) {
        return image.architecture() == null ? null : image.architecture().ec2Name();
    }

    private void print(LaunchResult result) {
        PrintWriter out = spec.commandLine().getOut();
        if (aws.json()) {
            out.println(Json.write(result));
        } else {
            Table table = Table.withHeader("FIELD", "VALUE")
                    .row("instance", result.dryRun() ? "(dry run: none launched)" : result.instanceId())
                    .row("type", result.instanceType())
                    .row("ami", result.imageId() + " (" + result.architecture() + ", " + result.imageSource() + ")");
            if (!result.dryRun()) {
                table.row("state", result.state())
                        .row("zone", result.availabilityZone())
                        .row("public-dns", result.publicDnsName());
            }
            table.row("self-shutdown", "+" + result.durationMinutes() + " min after boot, about " + result.shutdownAt())
                    .row("user-data", result.userDataBytes() + " of " + UserData.MAX_BYTES + " bytes");
            out.print(table.render());
            out.println(result.message());
        }
        out.flush();
    }
}
