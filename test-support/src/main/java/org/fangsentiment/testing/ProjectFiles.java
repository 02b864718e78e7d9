package org.fangsentiment.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files at the project's root ({@code template.yaml}, {@code events/}, {@code docs/}), found from
 * any module's working directory: the one repository-root finder of the build.
 */
public final class ProjectFiles {

    private ProjectFiles() {
    }

    /** The nearest directory at or above the working directory holding {@code mvnw} and {@code template.yaml}. */
    public static Path root() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("template.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no mvnw and template.yaml in " + start + " or above");
    }

    /** A path relative to the project's root. */
    public static Path resolve(String relative) {
        return root().resolve(relative);
    }

    /** An event file under {@code events/}, as an absolute path string (what EventLoader takes). */
    public static String event(String fileName) {
        Path file = resolve("events").resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing event file " + file);
        }
        return file.toString();
    }
}
