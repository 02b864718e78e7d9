package org.fangsentiment.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fangsentiment.testing.ProjectFiles;

/**
 * The repository's files: the root (the directory holding {@code template.yaml} and the parent
 * {@code pom.xml}) and the files that belong to the project, i.e. what {@code git ls-files} lists
 * (tracked files, plus new ones not ignored, so a secret is caught before its first commit). Without
 * git (a source archive) the tree is walked instead, skipping build output and VCS directories.
 */
final class RepositoryFiles {

    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", ".idea", ".vscode", ".aws-sam",
            "node_modules", "out");

    private RepositoryFiles() {
    }

    static Path root() {
        return ProjectFiles.root();
    }

    /** The project's files, relative to the root, that exist on disk. */
    static List<Path> projectFiles() throws IOException {
        Path root = root();
        List<Path> listed = gitListed(root);
        if (listed == null) {
            listed = walked(root);
        }
        return listed.stream().filter(p -> Files.isRegularFile(root.resolve(p))).sorted().toList();
    }

    /** Null when git is unavailable or this is not a work tree. */
    private static List<Path> gitListed(Path root) {
        try {
            Process git = new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
                    .directory(root.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out;
            try (InputStream in = git.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
                return null;
            }
            List<Path> files = new ArrayList<>();
            for (String name : new String(out, StandardCharsets.UTF_8).split("\0")) {
                if (!name.isEmpty()) {
                    files.add(Path.of(name));
                }
            }
            return files.isEmpty() ? null : files;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static List<Path> walked(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).map(root::relativize)
                    .filter(p -> {
                        for (Path part : p) {
                            if (SKIPPED_DIRECTORIES.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    }).toList();
        }
    }
}
