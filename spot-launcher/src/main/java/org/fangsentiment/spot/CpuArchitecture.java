package org.fangsentiment.spot;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The two processor architectures Amazon Linux 2023 is published for, and how to tell which one an
 * instance type runs.
 *
 * <p>{@code DescribeInstanceTypes} is the authority ({@link #fromSupported}); {@link #fromFamilyRule}
 * is the fallback for when EC2 does not know the type (emulators, brand-new families): AWS Graviton
 * families are {@code a1} and those whose generation digit is followed by {@code g} ({@code m7g},
 * {@code c6gn}, {@code r8gd}, {@code t4g}, {@code im4gn}); every other family is x86-64.
 */
public enum CpuArchitecture {
    /** 64-bit x86 (Intel, AMD). */
    X86_64("x86_64"),
    /** 64-bit ARM (AWS Graviton). */
    ARM64("arm64");

    private static final Pattern GRAVITON_FAMILY = Pattern.compile("a1|[a-z]+\\d+g[a-z]*");
    private static final String AL2023_PARAMETER_PREFIX = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-";

    private final String ec2Name;

    CpuArchitecture(String ec2Name) {
        this.ec2Name = ec2Name;
    }

    /** The name EC2 and SSM use, {@code x86_64} or {@code arm64}. */
    public String ec2Name() {
        return ec2Name;
    }

    /** The public SSM parameter holding the latest Amazon Linux 2023 AMI for this architecture. */
    public String al2023Parameter() {
        return AL2023_PARAMETER_PREFIX + ec2Name;
    }

    /** The architecture EC2 names {@code name}, if it is one of ours. */
    public static Optional<CpuArchitecture> fromEc2Name(String name) {
        for (CpuArchitecture architecture : values()) {
            if (architecture.ec2Name.equals(name)) {
                return Optional.of(architecture);
            }
        }
        return Optional.empty();
    }

    /**
     * Picks from {@code DescribeInstanceTypes}' supported architectures: x86-64 when offered (some
     * types list i386 too), else arm64; empty for Mac and other types AL2023 does not run on.
     */
    public static Optional<CpuArchitecture> fromSupported(Collection<String> supported) {
        if (supported.contains(X86_64.ec2Name)) {
            return Optional.of(X86_64);
        }
        if (supported.contains(ARM64.ec2Name)) {
            return Optional.of(ARM64);
        }
        return Optional.empty();
    }

    /** The documented family rule: Graviton families are arm64, all others x86-64. */
    public static CpuArchitecture fromFamilyRule(String instanceType) {
        String family = instanceType.toLowerCase(Locale.ROOT);
        int dot = family.indexOf('.');
        family = dot < 0 ? family : family.substring(0, dot);
        int dash = family.indexOf('-'); // c7i-flex, u7i-12tb
        family = dash < 0 ? family : family.substring(0, dash);
        return GRAVITON_FAMILY.matcher(family).matches() ? ARM64 : X86_64;
    }
}
