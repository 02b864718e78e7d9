package org.fangsentiment.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files at the project's root ({@code template.yaml}, {@code events/}), found from any module. */
public final class ProjectFiles {

    private ProjectFiles() {
    }

    /** The directory holding {@code template.yaml} and the parent {@code pom.xml}. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("template.yaml")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no template.yaml in " + dir + " or above");
    }

    public static Path resolve(String relative) {
        return root().resolve(relative);
    }

    /** An event file under {@code events/}, as an absolute path string for EventLoader. */
    static String event(String fileName) {
        Path file = resolve("events").resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing event file " + file);
        }
        return file.toString();
    }
}
