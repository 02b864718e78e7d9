package org.fangsentiment.spot;

import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The one place that turns AWS error codes (EC2's and SSM's) into messages that say what to do.
 *
 * <p>Every message ends with the original code and AWS's own text, so nothing is hidden.
 */
public final class Ec2Errors {

    /** What kind of failure an error code stands for. */
    public enum Kind {
        /** {@code DryRunOperation}: the request would have succeeded. */
        DRY_RUN_SUCCEEDED,
        /** No spot capacity for the type in the chosen zone. */
        INSUFFICIENT_CAPACITY,
        /** The maximum price is below the current spot price. */
        PRICE_TOO_LOW,
        /** An account or spot quota is exhausted. */
        QUOTA_EXCEEDED,
        /** The AMI does not exist, is malformed or unavailable. */
        UNKNOWN_IMAGE,
        /** The caller lacks an IAM permission. */
        MISSING_PERMISSION,
        /** The credentials are missing, invalid or expired. */
        BAD_CREDENTIALS,
        /** A named resource (key pair, security group, subnet, instance, parameter) does not exist. */
        NOT_FOUND,
        /** EC2 rejected a parameter. */
        INVALID_REQUEST,
        /** Too many requests. */
        THROTTLED,
        /** Anything not listed. */
        OTHER
    }

    /**
     * An explained error.
     *
     * @param code    the AWS error code
     * @param kind    its classification
     * @param message the full message to show the user
     */
    public record Explanation(String code, Kind kind, String message) {
    }

    private record Advice(Kind kind, String text) {
    }

    private static final String CAPACITY = "EC2 has no spot capacity for this instance type in the chosen"
            + " availability zone right now. Try another subnet or zone (see `spot-launcher prices`),"
            + " a similar instance type, or again later.";
    private static final String PERMISSION = "Missing IAM permission. Grant the policy in"
            + " docs/spot-launcher-iam.json to the caller; if AWS included an encoded authorization message,"
            + " `aws sts decode-authorization-message --encoded-message ...` names the denied action.";
    private static final String IMAGE = "Unknown AMI: check the id and the region (AMIs are regional),"
            + " or omit --ami to use the latest Amazon Linux 2023.";
    private static final String CREDENTIALS = "AWS rejected the credentials: check AWS_PROFILE or the access keys,"
            + " and renew an expired session.";
    private static final String INVALID = "EC2 rejected a parameter of the request.";

    private static final Map<String, Advice> ADVICE = Map.ofEntries(
            Map.entry("DryRunOperation", new Advice(Kind.DRY_RUN_SUCCEEDED,
                    "Dry run: the request would have succeeded; nothing was launched or changed.")),
            Map.entry("InsufficientInstanceCapacity", new Advice(Kind.INSUFFICIENT_CAPACITY, CAPACITY)),
            Map.entry("InsufficientCapacity", new Advice(Kind.INSUFFICIENT_CAPACITY, CAPACITY)),
            Map.entry("InsufficientFreeAddressesInSubnet", new Advice(Kind.INSUFFICIENT_CAPACITY,
                    "The subnet has no free IP addresses: choose another --subnet-id.")),
            Map.entry("SpotMaxPriceTooLow", new Advice(Kind.PRICE_TOO_LOW,
                    "--max-price is below the current spot price. Check `spot-launcher prices --instance-type TYPE`,"
                            + " raise --max-price, or omit it to pay at most the on-demand price.")),
            Map.entry("MaxSpotInstanceCountExceeded", new Advice(Kind.QUOTA_EXCEEDED,
                    "The account's spot instance limit is reached: terminate unused spot instances"
                            + " (`spot-launcher list`) or request a higher quota.")),
            Map.entry("VcpuLimitExceeded", new Advice(Kind.QUOTA_EXCEEDED,
                    "The account's vCPU quota for spot instances of this family is reached: terminate unused"
                            + " instances or request a higher quota in Service Quotas.")),
            Map.entry("InstanceLimitExceeded", new Advice(Kind.QUOTA_EXCEEDED,
                    "The account's instance limit for this type is reached: request a higher quota.")),
            Map.entry("InvalidAMIID.NotFound", new Advice(Kind.UNKNOWN_IMAGE, IMAGE)),
            Map.entry("InvalidAMIID.Malformed", new Advice(Kind.UNKNOWN_IMAGE, IMAGE)),
            Map.entry("InvalidAMIID.Unavailable", new Advice(Kind.UNKNOWN_IMAGE,
                    "The AMI exists but is not available (deregistered or still pending): choose another one.")),
            Map.entry("UnauthorizedOperation", new Advice(Kind.MISSING_PERMISSION, PERMISSION)),
            Map.entry("AccessDenied", new Advice(Kind.MISSING_PERMISSION, PERMISSION)),
            Map.entry("AccessDeniedException", new Advice(Kind.MISSING_PERMISSION, PERMISSION)),
            Map.entry("AuthFailure", new Advice(Kind.BAD_CREDENTIALS, CREDENTIALS)),
            Map.entry("InvalidClientTokenId", new Advice(Kind.BAD_CREDENTIALS, CREDENTIALS)),
            Map.entry("UnrecognizedClientException", new Advice(Kind.BAD_CREDENTIALS, CREDENTIALS)),
            Map.entry("ExpiredToken", new Advice(Kind.BAD_CREDENTIALS, CREDENTIALS)),
            Map.entry("RequestExpired", new Advice(Kind.BAD_CREDENTIALS,
                    "The request expired: check that this machine's clock is right.")),
            Map.entry("InvalidKeyPair.NotFound", new Advice(Kind.NOT_FOUND,
                    "The --key-name key pair does not exist in this region.")),
            Map.entry("InvalidGroup.NotFound", new Advice(Kind.NOT_FOUND,
                    "A --security-group-id does not exist in this region or the subnet's VPC.")),
            Map.entry("InvalidSubnetID.NotFound", new Advice(Kind.NOT_FOUND,
                    "The --subnet-id does not exist in this region.")),
            Map.entry("InvalidInstanceID.NotFound", new Advice(Kind.NOT_FOUND,
                    "No such instance in this region (check the id and --region).")),
            Map.entry("InvalidInstanceID.Malformed", new Advice(Kind.NOT_FOUND,
                    "That is not an instance id: expected i- followed by hex digits.")),
            Map.entry("ParameterNotFound", new Advice(Kind.NOT_FOUND,
                    "The SSM parameter for the default AMI does not exist in this region: pass --ami.")),
            Map.entry("InvalidInstanceType", new Advice(Kind.INVALID_REQUEST,
                    "EC2 does not know this instance type in this region: check --instance-type.")),
            Map.entry("Unsupported", new Advice(Kind.INVALID_REQUEST,
                    "The instance type or option is not supported in the chosen availability zone:"
                            + " try another subnet or instance type.")),
            Map.entry("InvalidParameterValue", new Advice(Kind.INVALID_REQUEST, INVALID)),
            Map.entry("InvalidParameterCombination", new Advice(Kind.INVALID_REQUEST, INVALID)),
            Map.entry("InvalidBlockDeviceMapping", new Advice(Kind.INVALID_REQUEST,
                    "The root volume mapping was rejected: --volume-size must be at least the AMI's snapshot size.")),
            Map.entry("RequestLimitExceeded", new Advice(Kind.THROTTLED,
                    "EC2 is throttling this account's API calls: wait a little and retry.")),
            Map.entry("Throttling", new Advice(Kind.THROTTLED,
                    "AWS is throttling this account's API calls: wait a little and retry.")),
            Map.entry("ThrottlingException", new Advice(Kind.THROTTLED,
                    "AWS is throttling this account's API calls: wait a little and retry.")));

    private Ec2Errors() {
    }

    /** Explains an error code and AWS's message; unknown codes keep AWS's text. */
    public static Explanation explain(String code, String awsMessage) {
        String safeCode = code == null || code.isBlank() ? "Unknown" : code;
        Advice advice = ADVICE.getOrDefault(safeCode, new Advice(Kind.OTHER, "AWS refused the request."));
        String detail = awsMessage == null || awsMessage.isBlank() ? "" : ": " + awsMessage;
        return new Explanation(safeCode, advice.kind(), advice.text() + " (" + safeCode + detail + ")");
    }

    /** Explains a service exception. */
    public static Explanation explain(AwsServiceException e) {
        AwsErrorDetails details = e.awsErrorDetails();
        return details == null
                ? explain(null, e.getMessage())
                : explain(details.errorCode(), details.errorMessage());
    }

    /** Whether the exception is EC2's answer to a dry run that would have succeeded. */
    public static boolean isDryRunSuccess(AwsServiceException e) {
        return explain(e).kind() == Kind.DRY_RUN_SUCCEEDED;
    }

    /** The exception to end the CLI with. */
    public static LauncherException toLauncherException(AwsServiceException e) {
        return new LauncherException(explain(e).message(), LauncherException.FAILURE, e);
    }
}
