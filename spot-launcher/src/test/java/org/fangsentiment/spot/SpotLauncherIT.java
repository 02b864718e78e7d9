package org.fangsentiment.spot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Every command against a real EC2 API (LocalStack or moto), through the same picocli entry point
 * as the jar; state is checked behind the CLI's back with plain SDK clients.
 */
@ExtendWith(Ec2BackendExtension.class)
class SpotLauncherIT {

    private static Ec2Backend backend;
    private static Ec2Client ec2;
    private static SsmClient ssm;

    @BeforeAll
    static void connect(Ec2Backend started) {
        backend = started;
        ec2 = backend.ec2();
        ssm = backend.ssm();
    }

    @AfterAll
    static void disconnect() {
        ec2.close();
        ssm.close();
    }

    private static JsonNode json(CliRun run) throws IOException {
        assertEquals(0, run.exitCode(), run::toString);
        return Json.mapper().readTree(run.out());
    }

    private static Instance describe(String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    private static Map<String, String> tags(Instance instance) {
        Map<String, String> tags = new HashMap<>();
        instance.tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    private static String al2023ImageId(CpuArchitecture architecture) {
        return ssm.getParameter(r -> r.name(architecture.al2023Parameter())).parameter().value();
    }

    private static int liveLauncherInstances() {
        return (int) ec2.describeInstancesPaginator(r -> r.filters(
                        f -> f.name("tag:launched-by").values("spot-launcher"),
                        f -> f.name("instance-state-name").values(ListCommand.LIVE_STATES)))
                .reservations().stream().mapToLong(r -> r.instances().size()).sum();
    }

    @Test
    void pricesShowsEveryZoneCheapestFirst() throws IOException {
        JsonNode prices = json(CliRun.against(backend, "prices", "--instance-type", "m5.large", "--hours", "6", "--json"));
        assertTrue(prices.isArray() && prices.size() > 0, prices::toString);
        BigDecimal previous = BigDecimal.ZERO;
        for (JsonNode zone : prices) {
            assertTrue(zone.get("availabilityZone").asText().startsWith(backend.region()), zone::toString);
            assertEquals("m5.large", zone.get("instanceType").asText());
            BigDecimal current = zone.get("current").decimalValue();
            assertTrue(current.compareTo(previous) >= 0, "cheapest first: " + prices);
            assertTrue(zone.get("min").decimalValue().compareTo(current) <= 0);
            assertTrue(zone.get("max").decimalValue().compareTo(current) >= 0);
            previous = current;
        }

        CliRun table = CliRun.against(backend, "prices", "--instance-type", "m5.large");
        assertEquals(0, table.exitCode(), table::toString);
        assertTrue(table.out().startsWith("ZONE"), table.out());
        assertTrue(table.out().contains(backend.region() + "a"), table.out());
    }

    @Test
    void launchDryRunWithTheDefaultAmiFromSsmLaunchesNothing() throws IOException {
        int before = liveLauncherInstances();
        JsonNode result = json(CliRun.against(backend, "launch", "--instance-type", "m5.large", "--dry-run", "--json"));
        assertTrue(result.get("dryRun").asBoolean());
        assertTrue(result.get("wouldSucceed").asBoolean());
        assertTrue(result.get("instanceId").isNull());
        assertEquals(al2023ImageId(CpuArchitecture.X86_64), result.get("imageId").asText(), "the public SSM parameter's AMI");
        assertEquals("ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64", result.get("imageSource").asText());
        assertTrue(result.get("message").asText().contains("would have succeeded"), result::toString);
        assertEquals(before, liveLauncherInstances(), "a dry run launches nothing");

        CliRun table = CliRun.against(backend, "launch", "--dry-run");
        assertEquals(0, table.exitCode(), table::toString);
        assertTrue(table.out().contains("Dry run: the request would have succeeded"), table.out());
        assertTrue(table.out().contains("(dry run: none launched)"), table.out());
    }

    @Test
    void aGravitonTypeGetsTheArm64Ami() throws IOException {
        JsonNode result = json(CliRun.against(backend, "launch", "--instance-type", "m6g.large", "--dry-run", "--json"));
        assertEquals("arm64", result.get("architecture").asText());
        assertEquals(al2023ImageId(CpuArchitecture.ARM64), result.get("imageId").asText());
    }

    @Test
    void launchWaitsUntilRunningAndConfiguresASelfTerminatingSpotInstance(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("job.sh");
        Files.writeString(script, "#!/bin/bash\nset -euo pipefail\necho crunching > /tmp/job.log\n");
        Instant before = Instant.now();
        JsonNode result = json(CliRun.against(backend, "launch", "--instance-type", "m5.large", "--duration", "30",
                "--volume-size", "20", "--max-price", "0.5", "--tag", "team=data", "--tag", "Name=nightly-etl",
                "--user-data-file", script.toString(), "--wait", "--json"));
        String id = result.get("instanceId").asText();
        assertTrue(id.startsWith("i-"), result::toString);
        assertEquals("running", result.get("state").asText());
        assertTrue(result.get("availabilityZone").asText().startsWith(backend.region()), result::toString);
        assertFalse(result.get("dryRun").asBoolean());

        Instance instance = describe(id);
        assertEquals("spot", instance.instanceLifecycleAsString());
        assertEquals("required", instance.metadataOptions().httpTokensAsString());
        Map<String, String> tags = tags(instance);
        assertEquals("spot-launcher", tags.get("launched-by"));
        assertEquals("data", tags.get("team"));
        assertEquals("nightly-etl", tags.get("Name"));
        Instant shutdownAt = Instant.parse(tags.get("shutdown-at"));
        assertTrue(!shutdownAt.isBefore(before.plus(Duration.ofMinutes(30)).minusSeconds(1))
                && shutdownAt.isBefore(Instant.now().plus(Duration.ofMinutes(31))), tags::toString);
        assertEquals(tags.get("shutdown-at"), result.get("shutdownAt").asText());

        assertEquals("terminate", ec2.describeInstanceAttribute(r -> r.instanceId(id)
                .attribute(InstanceAttributeName.INSTANCE_INITIATED_SHUTDOWN_BEHAVIOR))
                .instanceInitiatedShutdownBehavior().value());
        String userData = UserData.decode(ec2.describeInstanceAttribute(r -> r.instanceId(id)
                .attribute(InstanceAttributeName.USER_DATA)).userData().value());
        assertEquals("#cloud-config", userData.lines().findFirst().orElseThrow());
        Map<String, Object> cloudConfig = YamlSupport.parse(userData);
        assertEquals(List.of("shutdown -h +30", CloudConfig.USER_SCRIPT_PATH), cloudConfig.get("runcmd"));
        assertTrue(userData.contains("echo crunching > /tmp/job.log"), userData);

        List<Volume> volumes = ec2.describeVolumes(r -> r.filters(f -> f.name("attachment.instance-id").values(id))).volumes();
        assertEquals(1, volumes.size(), volumes::toString);
        Volume root = volumes.get(0);
        assertTrue(root.encrypted(), root::toString);
        assertEquals("gp3", root.volumeTypeAsString());
        assertEquals(20, root.size());
        assertTrue(root.tags().contains(Tag.builder().key("launched-by").value("spot-launcher").build()), root::toString);
        assertTrue(instance.blockDeviceMappings().stream()
                .anyMatch(m -> m.ebs().volumeId().equals(root.volumeId()) && m.ebs().deleteOnTermination()),
                instance.blockDeviceMappings()::toString);
    }

    @Test
    void launchWithAnExplicitAmiAndTableOutput() {
        // Any Linux AMI the backend knows other than the default one, so the --ami path is really taken.
        String defaultImage = al2023ImageId(CpuArchitecture.X86_64);
        Image image = ec2.describeImages(r -> r.owners("amazon").filters(f -> f.name("architecture").values("x86_64")))
                .images().stream()
                .filter(i -> i.platform() == null && "ebs".equals(i.rootDeviceTypeAsString()) && !i.imageId().equals(defaultImage))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the backend lists no x86_64 Linux AMI besides " + defaultImage));
        CliRun run = CliRun.against(backend, "launch", "--instance-type", "t3.micro", "--duration", "5", "--ami", image.imageId());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains(image.imageId() + " (x86_64, --ami)"), run.out());
        assertTrue(run.out().contains("+5 min after boot"), run.out());
        String id = run.out().lines().filter(l -> l.startsWith("instance")).findFirst().orElseThrow().split("\\s+")[1];
        assertEquals(image.imageId(), describe(id).imageId());
    }

    @Test
    void unknownAmiIsExplained() {
        CliRun run = CliRun.against(backend, "launch", "--ami", "ami-0badc0ffee0ddf00d", "--dry-run");
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: Unknown AMI"), run.err());
        assertTrue(run.err().contains("InvalidAMIID.NotFound"), run.err());
    }

    @Test
    void anAmiOfTheWrongArchitectureIsRefused() {
        CliRun run = CliRun.against(backend, "launch", "--instance-type", "m5.large",
                "--ami", al2023ImageId(CpuArchitecture.ARM64), "--dry-run");
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("is built for arm64 but m5.large runs x86_64"), run.err());
    }

    @Test
    void unknownInstanceTypeIsExplained() {
        CliRun run = CliRun.against(backend, "launch", "--instance-type", "zz9.large", "--dry-run");
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("does not know this instance type"), run.err());
    }

    @Test
    void invalidDurationNeverReachesEc2() {
        int before = liveLauncherInstances();
        CliRun run = CliRun.against(backend, "launch", "--duration", "10081");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("Invalid --duration 10081: must be between 1 and 10080 minutes"), run.err());
        assertEquals(before, liveLauncherInstances());
    }

    @Test
    void listShowsLaunchedInstancesWithMinutesLeft() throws IOException {
        String id = json(CliRun.against(backend, "launch", "--instance-type", "m5.large", "--duration", "45", "--json"))
                .get("instanceId").asText();
        String foreign = runUntaggedInstance();

        JsonNode listed = json(CliRun.against(backend, "list", "--json"));
        JsonNode ours = null;
        List<String> ids = new ArrayList<>();
        for (JsonNode instance : listed) {
            ids.add(instance.get("instanceId").asText());
            if (instance.get("instanceId").asText().equals(id)) {
                ours = instance;
            }
        }
        assertNotNull(ours, "launched instance listed: " + listed);
        assertFalse(ids.contains(foreign), "only the launcher's instances: " + listed);
        assertEquals("m5.large", ours.get("instanceType").asText());
        long minutes = ours.get("minutesUntilShutdown").asLong();
        assertTrue(minutes >= 43 && minutes <= 45, ours::toString);
        assertEquals("spot", ours.get("lifecycle").asText());

        CliRun table = CliRun.against(backend, "list");
        assertEquals(0, table.exitCode(), table::toString);
        assertTrue(table.out().startsWith("ID"), table.out());
        String row = table.out().lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow(() -> new AssertionError(table.out()));
        assertTrue(row.contains("m5.large") && row.matches(".* 4[345] min$"), row);
    }

    @Test
    void terminateEndsOnlyTheLaunchersInstancesUnlessForced() throws IOException {
        String ours = json(CliRun.against(backend, "launch", "--instance-type", "m5.large", "--json")).get("instanceId").asText();
        String foreign = runUntaggedInstance();

        CliRun dryRun = CliRun.against(backend, "terminate", ours, "--dry-run");
        assertEquals(0, dryRun.exitCode(), dryRun::toString);
        assertTrue(dryRun.out().contains("would have succeeded"), dryRun.out());
        assertEquals("running", describe(ours).state().nameAsString());

        CliRun refused = CliRun.against(backend, "terminate", ours, foreign);
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("Refusing to terminate " + foreign), refused.err());
        assertEquals("running", describe(ours).state().nameAsString(), "all or nothing");
        assertEquals("running", describe(foreign).state().nameAsString());

        JsonNode terminated = json(CliRun.against(backend, "terminate", ours, "--json"));
        assertEquals(ours, terminated.get(0).get("instanceId").asText());
        assertEquals("running", terminated.get(0).get("previousState").asText());
        assertTrue(terminated.get(0).get("launchedByUs").asBoolean());
        assertTrue(List.of("shutting-down", "terminated").contains(describe(ours).state().nameAsString()));

        CliRun forced = CliRun.against(backend, "terminate", foreign, "--force");
        assertEquals(0, forced.exitCode(), forced::toString);
        assertTrue(forced.out().lines().anyMatch(l -> l.startsWith(foreign) && l.endsWith("no")), forced.out());

        JsonNode live = json(CliRun.against(backend, "list", "--json"));
        live.forEach(i -> assertFalse(i.get("instanceId").asText().equals(ours), "terminated ones are hidden: " + live));
        JsonNode all = json(CliRun.against(backend, "list", "--all", "--json"));
        JsonNode gone = null;
        for (JsonNode i : all) {
            if (i.get("instanceId").asText().equals(ours)) {
                gone = i;
            }
        }
        assertNotNull(gone, "--all shows terminated ones: " + all);
        assertNull(gone.get("minutesUntilShutdown").numberValue(), "no countdown for a terminated instance");
    }

    @Test
    void terminatingAnUnknownInstanceIsExplained() {
        CliRun run = CliRun.against(backend, "terminate", "i-0123456789abcdef0");
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("No such instance"), run.err());
    }

    /** An instance the launcher did not start: no launched-by tag. */
    private static String runUntaggedInstance() {
        return ec2.runInstances(r -> r.imageId(al2023ImageId(CpuArchitecture.X86_64)).instanceType("t3.micro")
                        .minCount(1).maxCount(1))
                .instances().get(0).instanceId();
    }
}
