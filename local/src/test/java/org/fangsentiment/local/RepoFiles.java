package org.fangsentiment.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files at the repository's top level ({@code events/}, {@code template.yaml}), found from any module. */
public final class RepoFiles {

    private RepoFiles() {
    }

    public static Path path(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("mvnw")) && Files.exists(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("No " + relative + " above " + Path.of("").toAbsolutePath());
    }
}
