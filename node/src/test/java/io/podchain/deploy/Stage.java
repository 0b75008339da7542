package io.podchain.deploy;

import java.nio.file.Path;

/** What {@code src/test/containers/stage.sh} hands the container tests: the engine, the images, where logs go. */
final class Stage {
    private Stage() {
    }

    static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: the container tests run from src/test/containers/"
                    + "stage.sh (started by .ci/run), which builds the images and starts the Docker engine");
        }
        return value;
    }

    static String nodeImage() {
        return env("PODCHAIN_CT_NODE_IMAGE");
    }

    static String postgresImage() {
        return env("PODCHAIN_CT_POSTGRES_IMAGE");
    }

    /** A plain Debian image: the holder of each pod's network namespace runs {@code sleep} in it. */
    static String baseImage() {
        return env("PODCHAIN_CT_BASE_IMAGE");
    }

    static Path out() {
        return Path.of(env("PODCHAIN_CT_OUT"));
    }
}
