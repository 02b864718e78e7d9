package org.fangsentiment.spot;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileSpecification;
import software.amazon.awssdk.services.ec2.model.InstanceInterruptionBehavior;
import software.amazon.awssdk.services.ec2.model.InstanceMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataOptionsRequest;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.SpotMarketOptions;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * Turns a {@link LaunchRequest} and its {@link ResolvedImage} into the {@code RunInstances} call.
 *
 * <p>Pure: no AWS calls, so every field of the request is unit-tested. The choices that make the
 * instance safe to forget about are all here: a one-time spot request that terminates on
 * interruption, instance-initiated shutdown that terminates (so {@code shutdown -h} ends the
 * instance instead of leaving a stopped one and its volume to pay for), IMDSv2 only, an encrypted
 * gp3 root volume deleted with the instance, and tags on everything created.
 */
public final class RunInstancesRequestFactory {

    private RunInstancesRequestFactory() {
    }

    /**
     * Builds the request.
     *
     * @param request    what the user asked for
     * @param image      the AMI to boot
     * @param launchTime now, from which the {@code shutdown-at} tag is computed
     * @throws IllegalArgumentException when the user data is invalid or too large, or the volume
     *                                  is smaller than the AMI's snapshot
     */
    public static RunInstancesRequest build(LaunchRequest request, ResolvedImage image, Instant launchTime) {
        if (request.volumeSizeGiB() != null && image.rootVolumeSizeGiB() != null
                && request.volumeSizeGiB() < image.rootVolumeSizeGiB()) {
            throw new IllegalArgumentException("--volume-size " + request.volumeSizeGiB() + " GiB is smaller than the"
                    + " AMI's root snapshot (" + image.rootVolumeSizeGiB() + " GiB).");
        }
        String userData = CloudConfig.builder()
                .shutdownAfterMinutes(request.durationMinutes())
                .merge(request.userData())
                .build();

        SpotMarketOptions.Builder spot = SpotMarketOptions.builder()
                .spotInstanceType(SpotInstanceType.ONE_TIME)
                .instanceInterruptionBehavior(InstanceInterruptionBehavior.TERMINATE);
        if (request.maxPrice() != null) {
            spot.maxPrice(request.maxPrice().toPlainString()); // absent = capped at the on-demand price
        }

        RunInstancesRequest.Builder run = RunInstancesRequest.builder()
                .imageId(image.imageId())
                .instanceType(request.instanceType())
                .minCount(1)
                .maxCount(1)
                // Makes the SDK's retries of this call idempotent: a retry cannot launch a second instance.
                .clientToken(UUID.randomUUID().toString())
                .instanceMarketOptions(InstanceMarketOptionsRequest.builder()
                        .marketType(MarketType.SPOT)
                        .spotOptions(spot.build())
                        .build())
                .instanceInitiatedShutdownBehavior(ShutdownBehavior.TERMINATE)
                .metadataOptions(InstanceMetadataOptionsRequest.builder()
                        .httpTokens(HttpTokensState.REQUIRED)
                        .httpEndpoint(InstanceMetadataEndpointState.ENABLED)
                        .build())
                .blockDeviceMappings(rootVolume(request, image))
                .userData(UserData.encode(userData))
                .tagSpecifications(tagSpecifications(request, launchTime))
                .dryRun(request.dryRun());
        if (request.keyName() != null) {
            run.keyName(request.keyName());
        }
        if (!request.securityGroupIds().isEmpty()) {
            run.securityGroupIds(request.securityGroupIds());
        }
        if (request.subnetId() != null) {
            run.subnetId(request.subnetId());
        }
        if (request.instanceProfile() != null) {
            String profile = request.instanceProfile();
            run.iamInstanceProfile(profile.startsWith("arn:")
                    ? IamInstanceProfileSpecification.builder().arn(profile).build()
                    : IamInstanceProfileSpecification.builder().name(profile).build());
        }
        return run.build();
    }

    /** All tags the launcher puts on the instance, its volume and its spot request, in order. */
    public static Map<String, String> tags(LaunchRequest request, Instant launchTime) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(LauncherTags.NAME, "spot-launcher " + request.instanceType());
        tags.putAll(request.tags()); // may replace Name
        tags.put(LauncherTags.LAUNCHED_BY, LauncherTags.LAUNCHED_BY_VALUE);
        tags.put(LauncherTags.SHUTDOWN_AT, request.shutdownAt(launchTime).truncatedTo(ChronoUnit.SECONDS).toString());
        return tags;
    }

    private static BlockDeviceMapping rootVolume(LaunchRequest request, ResolvedImage image) {
        EbsBlockDevice.Builder ebs = EbsBlockDevice.builder()
                .volumeType(VolumeType.GP3)
                .encrypted(true) // with the account's default EBS key
                .deleteOnTermination(true);
        // EC2 would default to the snapshot's size; saying so explicitly is the same thing, and
        // stricter emulators (moto) require a size or snapshot id in every mapping.
        Integer size = request.volumeSizeGiB() != null ? request.volumeSizeGiB() : image.rootVolumeSizeGiB();
        if (size != null) {
            ebs.volumeSize(size);
        }
        return BlockDeviceMapping.builder().deviceName(image.rootDeviceName()).ebs(ebs.build()).build();
    }

    private static List<TagSpecification> tagSpecifications(LaunchRequest request, Instant launchTime) {
        List<Tag> tags = new ArrayList<>();
        tags(request, launchTime).forEach((key, value) -> tags.add(Tag.builder().key(key).value(value).build()));
        List<TagSpecification> specifications = new ArrayList<>();
        for (ResourceType type : List.of(ResourceType.INSTANCE, ResourceType.VOLUME, ResourceType.SPOT_INSTANCES_REQUEST)) {
            specifications.add(TagSpecification.builder().resourceType(type).tags(tags).build());
        }
        return specifications;
    }
}
