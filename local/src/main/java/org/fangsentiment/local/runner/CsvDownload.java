package org.fangsentiment.local.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.output.ObjectKeys;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Copies a run's CSV objects from the bucket into the output directory, keeping the key layout
 * ({@code out/sentiment/dt=2025-01-15/netflix_sentiment.csv}). It lists the run's day prefix
 * (as {@link ObjectKeys} builds keys) and keeps the objects whose {@code run_id} column is this
 * run's; objects of earlier runs on the same day are left in the bucket. A key is never trusted as
 * a path: one that would resolve outside the output directory is skipped with a warning.
 */
final class CsvDownload {

    private static final Logger LOG = LogManager.getLogger(CsvDownload.class);

    private CsvDownload() {
    }

    /** The results of this run, sorted by company, each also written under {@code outDir}. */
    static List<CompanyResult> download(S3Client s3, String bucket, String outputPrefix, String runId, Path outDir) {
        Instant runTime = Instant.parse(runId);
        String dayPrefix = ObjectKeys.of(outputPrefix, "x", runTime);
        dayPrefix = dayPrefix.substring(0, dayPrefix.lastIndexOf('/') + 1);
        String prefix = dayPrefix;
        List<CompanyResult> results = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix)).contents()) {
            String key = object.key();
            if (!key.endsWith(".csv")) {
                continue;
            }
            String csv = s3.getObjectAsBytes(get -> get.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
            CompanyResult result;
            try {
                result = CompanyResult.parse(csv, key, relativeFile(key));
            } catch (IllegalArgumentException e) {
                LOG.warn("Skipping {}: {}", key, e.getMessage());
                continue;
            }
            if (!sameRun(result.runId(), runTime)) {
                continue;
            }
            Optional<Path> target = safeTarget(outDir, key);
            if (target.isEmpty()) {
                LOG.warn("Not downloading {}: the key would leave the output directory", key);
                results.add(result.notDownloaded(key));
                continue;
            }
            try {
                Files.createDirectories(target.get().getParent());
                Files.writeString(target.get(), csv, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Writing " + target.get() + " failed", e);
            }
            results.add(result);
        }
        results.sort(Comparator.comparing(CompanyResult::company).thenComparing(CompanyResult::s3Key));
        return results;
    }

    private static boolean sameRun(String csvRunId, Instant runTime) {
        try {
            return Instant.parse(csvRunId).equals(runTime);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String relativeFile(String key) {
        return key;
    }

    /** Where {@code key} goes under {@code outDir}, or empty if it is not a plain relative path inside it. */
    static Optional<Path> safeTarget(Path outDir, String key) {
        if (key.isEmpty() || key.startsWith("/") || key.contains("\\") || key.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.contains(":")) {
                return Optional.empty();
            }
        }
        Path base = outDir.toAbsolutePath().normalize();
        Path target;
        try {
            target = base.resolve(key).normalize();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return target.startsWith(base) && !target.equals(base) ? Optional.of(target) : Optional.empty();
    }
}
