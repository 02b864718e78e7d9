package org.fangsentiment.output;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The S3 key of a company's CSV: {@code {prefix}dt={yyyy-MM-dd}/{slug}_sentiment.csv}.
 *
 * <p>The slug is the name lower-cased, every run of characters other than {@code a-z0-9} turned into
 * one {@code -}, trimmed of {@code -}, at most {@value #MAX_SLUG} characters. When that loses
 * information (the slug differs from the lower-cased name, or is empty), {@code -} and the first 8
 * hex digits of the name's SHA-256 are appended, so {@code Netflix} keeps the seed's
 * {@code netflix_sentiment.csv} while {@code ../../etc}, {@code Société Générale} and
 * {@code SOCIETE-GENERALE} can neither leave the prefix nor collide. The same name and day always
 * give the same key, so a redelivered message overwrites its own object. Names that differ only in
 * case ({@code Apple}, {@code apple}) share a key, as the seed's file names did: the table should
 * not hold both.
 */
public final class ObjectKeys {

    /** Longest slug before the hash suffix. */
    public static final int MAX_SLUG = 80;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private ObjectKeys() {
    }

    /** The key under {@code prefix} (empty or ending in {@code /}) for this company and run. */
    public static String of(String prefix, String companyName, Instant runTime) {
        return prefix + "dt=" + DAY.format(runTime) + "/" + slug(companyName) + "_sentiment.csv";
    }

    /** The file-name part, as described above. */
    public static String slug(String companyName) {
        String lower = companyName.toLowerCase(Locale.ROOT);
        String slug = lower.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_SLUG) {
            slug = slug.substring(0, MAX_SLUG).replaceAll("-+$", "");
        }
        if (slug.isEmpty() || !slug.equals(lower)) {
            slug = (slug.isEmpty() ? "" : slug + "-") + sha256Prefix(companyName);
        }
        return slug;
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
