package org.fangsentiment.spot;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Encodes user data for {@code RunInstances} and enforces EC2's size limit.
 *
 * <p>EC2 accepts at most 16 KB of user data, counted before base64 encoding; checking here gives a
 * clear message instead of an {@code InvalidParameterValue} from the API.
 */
public final class UserData {

    /** EC2's limit on raw user data, in bytes. */
    public static final int MAX_BYTES = 16 * 1024;

    private UserData() {
    }

    /**
     * Base64-encodes the text as UTF-8.
     *
     * @throws IllegalArgumentException when the text exceeds {@link #MAX_BYTES}
     */
    public static String encode(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        if (raw.length > MAX_BYTES) {
            throw new IllegalArgumentException("User data is " + raw.length + " bytes after merging; EC2 allows at most "
                    + MAX_BYTES + " bytes (16 KB). Shrink the --user-data-file, e.g. by downloading the job's script"
                    + " from S3 at boot instead of inlining it.");
        }
        return Base64.getEncoder().encodeToString(raw);
    }

    /** Decodes what {@link #encode} produced. */
    public static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
