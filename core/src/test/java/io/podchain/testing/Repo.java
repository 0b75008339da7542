package io.podchain.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of the repository that tests check against (docs' vectors, the chart, the manifests, the Dockerfile): Maven
 * runs each module's tests in that module's folder, so they are found from the repository's root.
 */
public final class Repo {
    private static final Path ROOT = find();

    private Repo() {
    }

    public static Path path(String first, String... more) {
        return ROOT.resolve(Path.of(first, more));
    }

    private static Path find() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("helm"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside podchain's repository: " + start);
    }
}
