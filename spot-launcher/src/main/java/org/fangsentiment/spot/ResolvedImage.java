package org.fangsentiment.spot;

/**
 * The AMI a launch will use, with what the request needs to know about it.
 *
 * @param imageId            the AMI id
 * @param name               the AMI's name, for display
 * @param architecture       its processor architecture
 * @param rootDeviceName     the device name of its root volume, which the block device mapping must match
 * @param rootVolumeSizeGiB  the size of its root snapshot, or {@code null} when unknown
 * @param source             how it was chosen: the SSM parameter, or {@code --ami}
 */
public record ResolvedImage(
        String imageId,
        String name,
        CpuArchitecture architecture,
        String rootDeviceName,
        Integer rootVolumeSizeGiB,
        String source) {
}
