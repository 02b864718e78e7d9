package org.fangsentiment.spot;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the user asked {@code launch} for, validated on construction.
 *
 * <p>Optional values are {@code null} when not given; collections are never {@code null}.
 * Validation happens here, before any AWS call, so a bad request costs nothing.
 *
 * @param instanceType    EC2 instance type, e.g. {@code r5.large}
 * @param durationMinutes minutes after boot at which the instance halts (and so terminates)
 * @param imageId         AMI to boot, or {@code null} for the latest Amazon Linux 2023
 * @param keyName         EC2 key pair for SSH, or {@code null}
 * @param securityGroupIds security groups, empty for the VPC's default
 * @param subnetId        subnet, or {@code null} for the default VPC's choice
 * @param instanceProfile instance profile name or ARN, or {@code null}
 * @param maxPrice        highest hourly price in USD, or {@code null} for the on-demand price
 * @param volumeSizeGiB   root volume size, or {@code null} for the AMI's snapshot size
 * @param userData        the user's own shell script or cloud-config, or {@code null}
 * @param tags            extra tags; must not use the keys the launcher manages
 * @param dryRun          ask EC2 whether the launch would succeed, without launching
 */
public record LaunchRequest(
        String instanceType,
        int durationMinutes,
        String imageId,
        String keyName,
        List<String> securityGroupIds,
        String subnetId,
        String instanceProfile,
        BigDecimal maxPrice,
        Integer volumeSizeGiB,
        String userData,
        Map<String, String> tags,
        boolean dryRun) {

    /** Default instance type: memory-heavy and usually plentiful on the spot market. */
    public static final String DEFAULT_INSTANCE_TYPE = "r5.large";
    /** Default lifetime: just under an hour. */
    public static final int DEFAULT_DURATION_MINUTES = 55;
    /** Shortest allowed lifetime. */
    public static final int MIN_DURATION_MINUTES = 1;
    /** Longest allowed lifetime: one week, a guard against typos that would run up a bill. */
    public static final int MAX_DURATION_MINUTES = 10_080;
    /** Largest gp3 volume EC2 allows, in GiB. */
    public static final int MAX_VOLUME_SIZE_GIB = 16_384;
    /** EC2 allows 50 tags per resource; the launcher adds up to three of its own. */
    static final int MAX_USER_TAGS = 47;

    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");
    private static final Pattern IMAGE_ID = Pattern.compile("ami-[0-9a-f]{8,17}");

    /** Validates and copies the request; throws {@link IllegalArgumentException} with a clear message. */
    public LaunchRequest {
        Objects.requireNonNull(instanceType, "instanceType");
        if (!INSTANCE_TYPE.matcher(instanceType).matches()) {
            throw new IllegalArgumentException("Invalid instance type '" + instanceType
                    + "': expected a family and a size such as r5.large or m7g.xlarge.");
        }
        requireValidDuration(durationMinutes);
        if (imageId != null && !IMAGE_ID.matcher(imageId).matches()) {
            throw new IllegalArgumentException("Invalid AMI id '" + imageId + "': expected ami- and 8 or 17 hex digits.");
        }
        if (maxPrice != null && maxPrice.signum() <= 0) {
            throw new IllegalArgumentException("--max-price must be a positive number of USD per hour, not " + maxPrice + ".");
        }
        if (volumeSizeGiB != null && (volumeSizeGiB < 1 || volumeSizeGiB > MAX_VOLUME_SIZE_GIB)) {
            throw new IllegalArgumentException("--volume-size must be between 1 and " + MAX_VOLUME_SIZE_GIB
                    + " GiB, not " + volumeSizeGiB + ".");
        }
        securityGroupIds = List.copyOf(securityGroupIds == null ? List.of() : securityGroupIds);
        tags = validateTags(tags == null ? Map.of() : tags);
    }

    /**
     * Checks a lifetime in minutes against {@link #MIN_DURATION_MINUTES}..{@link #MAX_DURATION_MINUTES}.
     *
     * @return the duration, for chaining
     * @throws IllegalArgumentException naming the allowed range
     */
    public static int requireValidDuration(int minutes) {
        if (minutes < MIN_DURATION_MINUTES || minutes > MAX_DURATION_MINUTES) {
            throw new IllegalArgumentException("Invalid --duration " + minutes + ": must be between "
                    + MIN_DURATION_MINUTES + " and " + MAX_DURATION_MINUTES + " minutes (one week).");
        }
        return minutes;
    }

    /** The lifetime as a {@link Duration}. */
    public Duration duration() {
        return Duration.ofMinutes(durationMinutes);
    }

    /** When the instance should be gone if launched at {@code launchTime}; boot time comes on top. */
    public Instant shutdownAt(Instant launchTime) {
        return launchTime.plus(duration());
    }

    /** A builder starting from the defaults ({@value #DEFAULT_INSTANCE_TYPE}, {@value #DEFAULT_DURATION_MINUTES} minutes). */
    public static Builder builder() {
        return new Builder();
    }

    private static Map<String, String> validateTags(Map<String, String> tags) {
        if (tags.size() > MAX_USER_TAGS) {
            throw new IllegalArgumentException("Too many tags: at most " + MAX_USER_TAGS + " (EC2 allows 50 per resource).");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        tags.forEach((key, value) -> {
            if (key == null || key.isBlank() || key.length() > 128) {
                throw new IllegalArgumentException("Invalid tag key '" + key + "': 1 to 128 characters.");
            }
            if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                throw new IllegalArgumentException("Tag key '" + key + "' is reserved by AWS (aws: prefix).");
            }
            if (LauncherTags.isReserved(key)) {
                throw new IllegalArgumentException("Tag key '" + key + "' is set by the launcher itself and cannot be overridden.");
            }
            String v = value == null ? "" : value;
            if (v.length() > 256) {
                throw new IllegalArgumentException("Value of tag '" + key + "' is longer than 256 characters.");
            }
            copy.put(key, v);
        });
        return Collections.unmodifiableMap(copy);
    }

    /** Mutable builder for {@link LaunchRequest}; {@link #build()} validates. */
    public static final class Builder {
        private String instanceType = DEFAULT_INSTANCE_TYPE;
        private int durationMinutes = DEFAULT_DURATION_MINUTES;
        private String imageId;
        private String keyName;
        private final List<String> securityGroupIds = new ArrayList<>();
        private String subnetId;
        private String instanceProfile;
        private BigDecimal maxPrice;
        private Integer volumeSizeGiB;
        private String userData;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private boolean dryRun;

        private Builder() {
        }

        /** Sets the instance type. */
        public Builder instanceType(String value) {
            instanceType = value;
            return this;
        }

        /** Sets the lifetime in minutes. */
        public Builder durationMinutes(int value) {
            durationMinutes = value;
            return this;
        }

        /** Sets the AMI; {@code null} means the latest Amazon Linux 2023. */
        public Builder imageId(String value) {
            imageId = value;
            return this;
        }

        /** Sets the key pair name. */
        public Builder keyName(String value) {
            keyName = value;
            return this;
        }

        /** Adds security groups. */
        public Builder securityGroupIds(List<String> values) {
            if (values != null) {
                securityGroupIds.addAll(values);
            }
            return this;
        }

        /** Sets the subnet. */
        public Builder subnetId(String value) {
            subnetId = value;
            return this;
        }

        /** Sets the instance profile, by name or ARN. */
        public Builder instanceProfile(String value) {
            instanceProfile = value;
            return this;
        }

        /** Sets the maximum hourly price in USD. */
        public Builder maxPrice(BigDecimal value) {
            maxPrice = value;
            return this;
        }

        /** Sets the root volume size in GiB. */
        public Builder volumeSizeGiB(Integer value) {
            volumeSizeGiB = value;
            return this;
        }

        /** Sets the user's own shell script or cloud-config. */
        public Builder userData(String value) {
            userData = value;
            return this;
        }

        /** Adds tags. */
        public Builder tags(Map<String, String> values) {
            if (values != null) {
                tags.putAll(values);
            }
            return this;
        }

        /** Adds one tag. */
        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        /** Asks for a dry run. */
        public Builder dryRun(boolean value) {
            dryRun = value;
            return this;
        }

        /** Validates and builds the request. */
        public LaunchRequest build() {
            return new LaunchRequest(instanceType, durationMinutes, imageId, keyName, securityGroupIds, subnetId,
                    instanceProfile, maxPrice, volumeSizeGiB, userData, tags, dryRun);
        }
    }
}
