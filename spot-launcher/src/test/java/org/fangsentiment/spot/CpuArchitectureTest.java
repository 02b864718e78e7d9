package org.fangsentiment.spot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CpuArchitectureTest {

    @ParameterizedTest
    @ValueSource(strings = {"a1.large", "t4g.nano", "m6g.large", "m7gd.xlarge", "c6gn.2xlarge", "c7gn.medium",
            "r8g.large", "x2gd.medium", "im4gn.large", "is4gen.large", "g5g.xlarge", "hpc7g.4xlarge", "M7G.LARGE"})
    void gravitonFamiliesAreArm64(String type) {
        assertEquals(CpuArchitecture.ARM64, CpuArchitecture.fromFamilyRule(type));
    }

    @ParameterizedTest
    @ValueSource(strings = {"r5.large", "m5.large", "t3.micro", "g4dn.xlarge", "g6e.xlarge", "p4d.24xlarge",
            "c7i-flex.large", "inf2.xlarge", "trn1.2xlarge", "r7iz.large", "u-6tb1.metal", "x2iedn.xlarge", "gr6.4xlarge"})
    void otherFamiliesAreX86(String type) {
        assertEquals(CpuArchitecture.X86_64, CpuArchitecture.fromFamilyRule(type));
    }

    @Test
    void prefersX86WhenEc2OffersSeveral() {
        assertEquals(Optional.of(CpuArchitecture.X86_64), CpuArchitecture.fromSupported(List.of("i386", "x86_64")));
        assertEquals(Optional.of(CpuArchitecture.ARM64), CpuArchitecture.fromSupported(List.of("arm64")));
        assertEquals(Optional.empty(), CpuArchitecture.fromSupported(List.of("x86_64_mac")));
    }

    @Test
    void namesTheAl2023Parameters() {
        assertEquals("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
                CpuArchitecture.X86_64.al2023Parameter());
        assertEquals("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
                CpuArchitecture.ARM64.al2023Parameter());
        assertEquals(Optional.of(CpuArchitecture.ARM64), CpuArchitecture.fromEc2Name("arm64"));
        assertEquals(Optional.empty(), CpuArchitecture.fromEc2Name("i386"));
    }
}
