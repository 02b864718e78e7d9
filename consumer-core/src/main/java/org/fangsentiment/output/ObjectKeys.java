package org.fangsentiment.output;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.fangsentiment.config.PipelineContract;

/**
 * The S3 key of a company's CSV: {@code {prefix}dt={yyyy-MM-dd}/{slug}_sentiment.csv}.
 *
 * <p>The slug is the name lower-cased, every run of characters other than {@code a-z0-9} turned into
 * one {@code -}, trimmed of {@code -}, at most {@value #MAX_SLUG} characters. It stands alone only
 * when the name can be read back from it: the name is the slug with its first letter upper-cased
 * ({@code Netflix}, {@code Acme-corp}, {@code 3m}), which is how the seed's companies are written,
 * so they keep the seed's {@code netflix_sentiment.csv}. Any other name, lower-case and upper-case
 * spellings included ({@code netflix}, {@code NETFLIX}, {@code Meta Platforms}), loses information in
 * the slug and gets {@code -} and the first 8 hex digits of the name's SHA-256 appended; so does a
 * slug that would itself look like a hash ({@code [0-9a-f]{8}} at its end), so that a plain slug can
 * never equal a hashed one. Thus {@code ../../etc} cannot leave the prefix, and {@code Meta},
 * {@code META} and {@code meta}, or {@code Société Générale} and {@code SOCIETE-GENERALE}, get
 * different keys. The same name and day always give the same key, so a redelivered message, or
 * the same company twice in a batch, overwrites its own object.
 */
public final class ObjectKeys {

    /** Longest slug before the hash suffix. */
    public static final int MAX_SLUG = 80;
    /** What the hash suffix looks like; a plain slug must never end like it. */
    private static final Pattern HASH_LIKE_END = Pattern.compile("(^|-)[0-9a-f]{8}$");
    // The partition name and day format are shared with the template's Glue table (PipelineContract).
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern(PipelineContract.PARTITION_DATE_FORMAT).withZone(ZoneOffset.UTC);

    private ObjectKeys() {
    }

    /** The key under {@code prefix} (empty or ending in {@code /}) for this company and run. */
    public static String of(String prefix, String companyName, Instant runTime) {
        return prefix + PipelineContract.PARTITION_KEY + "=" + DAY.format(runTime) + "/" + slug(companyName) + "_sentiment.csv";
    }

    /** The file-name part, as described above. */
    public static String slug(String companyName) {
        String slug = companyName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_SLUG) {
            slug = slug.substring(0, MAX_SLUG).replaceAll("-+$", "");
        }
        boolean lossless = !slug.isEmpty() && capitalized(slug).equals(companyName)
                && !HASH_LIKE_END.matcher(slug).find();
        if (!lossless) {
            slug = (slug.isEmpty() ? "" : slug + "-") + sha256Prefix(companyName);
        }
        return slug;
    }

    // The one spelling of a slug that stands for itself: lower-casing and the other spellings lose
    // which of them it was.
    private static String capitalized(String slug) {
        return Character.toUpperCase(slug.charAt(0)) + slug.substring(1);
    }

    private static String sha256Prefix(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
