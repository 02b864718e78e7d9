package org.fangsentiment.spot;

import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Finds the AMI for a launch: the one given with {@code --ami}, or the latest Amazon Linux 2023
 * for the instance type's architecture.
 *
 * <p>The default is read from the public SSM parameter with {@code GetParameter} rather than passed
 * to EC2 as {@code resolve:ssm:...}: the launcher needs the AMI's root device name for the
 * encrypted gp3 mapping anyway, which means a {@code DescribeImages} call on a concrete id, and an
 * explicit lookup also works against emulators (moto) that do not resolve {@code resolve:ssm:}.
 */
public final class ImageResolver {

    private final Ec2Client ec2;
    private final SsmClient ssm;

    /** A resolver using the given clients. */
    public ImageResolver(Ec2Client ec2, SsmClient ssm) {
        this.ec2 = ec2;
        this.ssm = ssm;
    }

    /**
     * Resolves the AMI for {@code instanceType}.
     *
     * @param explicitImageId the {@code --ami} value, or {@code null} for the default
     * @throws LauncherException when the AMI does not exist or does not fit the instance type
     */
    public ResolvedImage resolve(String instanceType, String explicitImageId) {
        CpuArchitecture architecture = architectureOf(instanceType);
        if (explicitImageId != null) {
            ResolvedImage image = describe(explicitImageId, "--ami");
            if (image.architecture() != architecture) {
                throw new LauncherException("AMI " + explicitImageId + " is built for "
                        + (image.architecture() == null ? "an unsupported architecture" : image.architecture().ec2Name())
                        + " but " + instanceType + " runs " + architecture.ec2Name()
                        + ": pick an AMI for " + architecture.ec2Name() + " or another instance type.");
            }
            return image;
        }
        String parameter = architecture.al2023Parameter();
        String imageId = ssm.getParameter(r -> r.name(parameter)).parameter().value();
        return describe(imageId, "ssm:" + parameter);
    }

    /** The architecture AL2023 should be built for on this instance type. */
    public CpuArchitecture architectureOf(String instanceType) {
        // An unknown type makes EC2 answer InvalidInstanceType, which Ec2Errors explains.
        List<InstanceTypeInfo> types = ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings(instanceType))
                .instanceTypes();
        if (!types.isEmpty() && types.get(0).processorInfo() != null) {
            List<String> supported = types.get(0).processorInfo().supportedArchitecturesAsStrings();
            return CpuArchitecture.fromSupported(supported).orElseThrow(() -> new LauncherException(
                    instanceType + " supports only " + supported + "; Amazon Linux 2023 needs x86_64 or arm64."));
        }
        return CpuArchitecture.fromFamilyRule(instanceType);
    }

    private ResolvedImage describe(String imageId, String source) {
        // An id that does not exist makes EC2 answer InvalidAMIID.NotFound; an empty list is the same news.
        List<Image> images = ec2.describeImages(r -> r.imageIds(imageId)).images();
        if (images.isEmpty()) {
            throw new LauncherException(Ec2Errors.explain("InvalidAMIID.NotFound",
                    "The image id '" + imageId + "' does not exist").message());
        }
        Image image = images.get(0);
        Integer rootSize = image.blockDeviceMappings().stream()
                .filter(m -> m.deviceName() != null && m.deviceName().equals(image.rootDeviceName()))
                .map(BlockDeviceMapping::ebs)
                .filter(ebs -> ebs != null && ebs.volumeSize() != null)
                .map(ebs -> ebs.volumeSize())
                .findFirst()
                .orElse(null);
        return new ResolvedImage(image.imageId(), image.name(),
                CpuArchitecture.fromEc2Name(image.architectureAsString()).orElse(null),
                image.rootDeviceName() == null ? "/dev/xvda" : image.rootDeviceName(), rootSize, source);
    }
}
