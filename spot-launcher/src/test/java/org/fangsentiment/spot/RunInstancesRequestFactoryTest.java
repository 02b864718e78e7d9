package org.fangsentiment.spot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.InstanceInterruptionBehavior;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.VolumeType;

class RunInstancesRequestFactoryTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.891Z");
    private static final ResolvedImage IMAGE = new ResolvedImage("ami-0123456789abcdef0", "al2023-ami-test",
            CpuArchitecture.X86_64, "/dev/xvda", 8, "ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");

    private static RunInstancesRequest build(LaunchRequest request) {
        return RunInstancesRequestFactory.build(request, IMAGE, NOW);
    }

    @Test
    void requestsAOneTimeSpotInstanceThatTerminatesOnInterruptionAndOnShutdown() {
        RunInstancesRequest run = build(LaunchRequest.builder().build());
        assertEquals(MarketType.SPOT, run.instanceMarketOptions().marketType());
        assertEquals(SpotInstanceType.ONE_TIME, run.instanceMarketOptions().spotOptions().spotInstanceType());
        assertEquals(InstanceInterruptionBehavior.TERMINATE,
                run.instanceMarketOptions().spotOptions().instanceInterruptionBehavior());
        assertNull(run.instanceMarketOptions().spotOptions().maxPrice(), "default: capped at the on-demand price");
        assertEquals(ShutdownBehavior.TERMINATE, run.instanceInitiatedShutdownBehavior());
        assertEquals(1, run.minCount());
        assertEquals(1, run.maxCount());
        assertEquals("r5.large", run.instanceTypeAsString());
        assertEquals("ami-0123456789abcdef0", run.imageId());
        assertFalse(run.dryRun());
        assertNotEquals(null, run.clientToken());
    }

    @Test
    void requiresImdsV2() {
        RunInstancesRequest run = build(LaunchRequest.builder().build());
        assertEquals(HttpTokensState.REQUIRED, run.metadataOptions().httpTokens());
    }

    @Test
    void rootVolumeIsEncryptedGp3DeletedWithTheInstanceOnTheAmisRootDevice() {
        BlockDeviceMapping root = build(LaunchRequest.builder().build()).blockDeviceMappings().get(0);
        assertEquals("/dev/xvda", root.deviceName());
        assertEquals(VolumeType.GP3, root.ebs().volumeType());
        assertTrue(root.ebs().encrypted());
        assertTrue(root.ebs().deleteOnTermination());
        assertEquals(8, root.ebs().volumeSize(), "default: the snapshot's size");
        ResolvedImage unknownSize = new ResolvedImage(IMAGE.imageId(), IMAGE.name(), IMAGE.architecture(),
                "/dev/sda1", null, IMAGE.source());
        BlockDeviceMapping unsized = RunInstancesRequestFactory.build(LaunchRequest.builder().build(), unknownSize, NOW)
                .blockDeviceMappings().get(0);
        assertEquals("/dev/sda1", unsized.deviceName());
        assertNull(unsized.ebs().volumeSize(), "left to EC2 when the snapshot size is unknown");

        assertEquals(100, build(LaunchRequest.builder().volumeSizeGiB(100).build()).blockDeviceMappings().get(0).ebs().volumeSize());
    }

    @Test
    void refusesAVolumeSmallerThanTheSnapshot() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> build(LaunchRequest.builder().volumeSizeGiB(4).build()));
        assertTrue(e.getMessage().contains("smaller than the AMI's root snapshot (8 GiB)"), e.getMessage());
    }

    @Test
    void passesTheOptionalSettingsThrough() {
        RunInstancesRequest run = build(LaunchRequest.builder()
                .instanceType("m7g.large")
                .keyName("batch-key")
                .securityGroupIds(List.of("sg-0aaa", "sg-0bbb"))
                .subnetId("subnet-0ccc")
                .instanceProfile("batch-profile")
                .maxPrice(new BigDecimal("0.0450"))
                .dryRun(true)
                .build());
        assertEquals("m7g.large", run.instanceTypeAsString());
        assertEquals("batch-key", run.keyName());
        assertEquals(List.of("sg-0aaa", "sg-0bbb"), run.securityGroupIds());
        assertEquals("subnet-0ccc", run.subnetId());
        assertEquals("batch-profile", run.iamInstanceProfile().name());
        assertNull(run.iamInstanceProfile().arn());
        assertEquals("0.0450", run.instanceMarketOptions().spotOptions().maxPrice());
        assertTrue(run.dryRun());
    }

    @Test
    void anInstanceProfileArnIsPassedAsAnArn() {
        String arn = "arn:aws:iam::ACCOUNT:instance-profile/batch";
        RunInstancesRequest run = build(LaunchRequest.builder().instanceProfile(arn).build());
        assertEquals(arn, run.iamInstanceProfile().arn());
        assertNull(run.iamInstanceProfile().name());
    }

    @Test
    void leavesUnsetOptionsOut() {
        RunInstancesRequest run = build(LaunchRequest.builder().build());
        assertNull(run.keyName());
        assertTrue(run.securityGroupIds().isEmpty());
        assertNull(run.subnetId());
        assertNull(run.iamInstanceProfile());
    }

    @Test
    void tagsInstanceVolumeAndSpotRequestWithNameLauncherAndShutdownTime() {
        RunInstancesRequest run = build(LaunchRequest.builder().durationMinutes(90).tag("team", "data").build());
        List<TagSpecification> specs = run.tagSpecifications();
        assertEquals(List.of(ResourceType.INSTANCE, ResourceType.VOLUME, ResourceType.SPOT_INSTANCES_REQUEST),
                specs.stream().map(TagSpecification::resourceType).toList());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Name", "spot-launcher r5.large");
        expected.put("team", "data");
        expected.put("launched-by", "spot-launcher");
        expected.put("shutdown-at", "2026-03-04T06:36:07Z");
        for (TagSpecification spec : specs) {
            Map<String, String> tags = new LinkedHashMap<>();
            spec.tags().forEach(t -> tags.put(t.key(), t.value()));
            assertEquals(expected, tags);
        }
    }

    @Test
    void aNameTagReplacesTheDefaultName() {
        Map<String, String> tags = RunInstancesRequestFactory.tags(LaunchRequest.builder().tag("Name", "nightly-etl").build(), NOW);
        assertEquals("nightly-etl", tags.get("Name"));
    }

    @Test
    void userDataIsBase64CloudConfigThatHaltsAfterTheDuration() {
        RunInstancesRequest run = build(LaunchRequest.builder().durationMinutes(42).build());
        String decoded = UserData.decode(run.userData());
        assertEquals("#cloud-config", decoded.lines().findFirst().orElseThrow());
        assertEquals(List.of("shutdown -h +42"), YamlSupport.parse(decoded).get("runcmd"));
    }

    @Test
    void userDataCarriesTheUsersScript() {
        RunInstancesRequest run = build(LaunchRequest.builder().durationMinutes(15).userData("#!/bin/bash\necho job\n").build());
        Map<String, Object> yaml = YamlSupport.parse(UserData.decode(run.userData()));
        assertEquals(List.of("shutdown -h +15", CloudConfig.USER_SCRIPT_PATH), yaml.get("runcmd"));
    }

    @Test
    void oversizedUserDataFailsBeforeAnyCall() {
        String script = "#!/bin/bash\n" + "x".repeat(UserData.MAX_BYTES);
        assertThrows(IllegalArgumentException.class, () -> build(LaunchRequest.builder().userData(script).build()));
    }

    @Test
    void eachRequestGetsItsOwnClientToken() {
        assertNotEquals(build(LaunchRequest.builder().build()).clientToken(), build(LaunchRequest.builder().build()).clientToken());
    }
}
