package org.fangsentiment.spot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

class Ec2ErrorsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "DryRunOperation, DRY_RUN_SUCCEEDED, would have succeeded",
            "InsufficientInstanceCapacity, INSUFFICIENT_CAPACITY, no spot capacity",
            "InsufficientCapacity, INSUFFICIENT_CAPACITY, no spot capacity",
            "SpotMaxPriceTooLow, PRICE_TOO_LOW, --max-price is below the current spot price",
            "MaxSpotInstanceCountExceeded, QUOTA_EXCEEDED, spot instance limit",
            "VcpuLimitExceeded, QUOTA_EXCEEDED, vCPU quota",
            "InvalidAMIID.NotFound, UNKNOWN_IMAGE, Unknown AMI",
            "InvalidAMIID.Malformed, UNKNOWN_IMAGE, Unknown AMI",
            "InvalidAMIID.Unavailable, UNKNOWN_IMAGE, not available",
            "UnauthorizedOperation, MISSING_PERMISSION, Missing IAM permission",
            "AccessDeniedException, MISSING_PERMISSION, docs/spot-launcher-iam.json",
            "AuthFailure, BAD_CREDENTIALS, rejected the credentials",
            "InvalidKeyPair.NotFound, NOT_FOUND, --key-name",
            "InvalidGroup.NotFound, NOT_FOUND, --security-group-id",
            "InvalidSubnetID.NotFound, NOT_FOUND, --subnet-id",
            "InvalidInstanceID.NotFound, NOT_FOUND, No such instance",
            "ParameterNotFound, NOT_FOUND, pass --ami",
            "InvalidInstanceType, INVALID_REQUEST, --instance-type",
            "InvalidBlockDeviceMapping, INVALID_REQUEST, --volume-size",
            "RequestLimitExceeded, THROTTLED, throttling",
            "SomethingNew, OTHER, AWS refused the request"})
    void mapsEachCodeToAKindAndAdvice(String code, Ec2Errors.Kind kind, String advice) {
        Ec2Errors.Explanation explanation = Ec2Errors.explain(code, "aws says why");
        assertEquals(code, explanation.code());
        assertEquals(kind, explanation.kind());
        assertTrue(explanation.message().toLowerCase().contains(advice.toLowerCase()), explanation.message());
        assertTrue(explanation.message().endsWith("(" + code + ": aws says why)"), "keeps AWS's own text: " + explanation.message());
    }

    @Test
    void missingCodeAndMessageStillReadWell() {
        assertEquals("AWS refused the request. (Unknown)", Ec2Errors.explain(null, null).message());
    }

    @Test
    void readsTheCodeFromServiceExceptions() {
        Ec2Exception dryRun = (Ec2Exception) Ec2Exception.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("DryRunOperation")
                        .errorMessage("Request would have succeeded, but DryRun flag is set.").build())
                .statusCode(412).build();
        assertTrue(Ec2Errors.isDryRunSuccess(dryRun));

        Ec2Exception denied = (Ec2Exception) Ec2Exception.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("UnauthorizedOperation")
                        .errorMessage("You are not authorized to perform this operation. Encoded authorization failure message: abc").build())
                .statusCode(403).build();
        assertFalse(Ec2Errors.isDryRunSuccess(denied));
        LauncherException launcher = Ec2Errors.toLauncherException(denied);
        assertEquals(LauncherException.FAILURE, launcher.exitCode());
        assertTrue(launcher.getMessage().contains("decode-authorization-message"), launcher.getMessage());
        assertTrue(launcher.getMessage().contains("Encoded authorization failure message: abc"), launcher.getMessage());

        ParameterNotFoundException ssm = (ParameterNotFoundException) ParameterNotFoundException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ParameterNotFound").build()).build();
        assertEquals(Ec2Errors.Kind.NOT_FOUND, Ec2Errors.explain(ssm).kind());
    }
}
