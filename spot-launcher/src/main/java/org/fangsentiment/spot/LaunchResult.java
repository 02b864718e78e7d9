package org.fangsentiment.spot;

/**
 * What {@code launch} reports.
 *
 * @param dryRun           whether this was a dry run (then nothing was launched)
 * @param wouldSucceed     for a dry run, EC2's verdict; {@code true} for a real launch
 * @param instanceId       the new instance, or {@code null} on a dry run
 * @param instanceType     the instance type
 * @param imageId          the AMI booted
 * @param imageSource      how the AMI was chosen
 * @param architecture     the AMI's architecture
 * @param state            the instance state when reported
 * @param availabilityZone its zone, when known
 * @param publicDnsName    its public DNS name, when known
 * @param durationMinutes  minutes until it halts itself
 * @param shutdownAt       the {@code shutdown-at} tag (ISO-8601)
 * @param userDataBytes    size of the user data sent, before base64
 * @param message          a human sentence summing it up
 */
public record LaunchResult(
        boolean dryRun,
        boolean wouldSucceed,
        String instanceId,
        String instanceType,
        String imageId,
        String imageSource,
        String architecture,
        String state,
        String availabilityZone,
        String publicDnsName,
        int durationMinutes,
        String shutdownAt,
        int userDataBytes,
        String message) {
}
