package io.podchain.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A committed file of vectors under {@code docs/}: what the code computes must equal it byte for byte. Regenerated
 * only deliberately, with {@code -Dpodchain.golden.write=true}, since any change is a protocol change.
 */
public final class GoldenFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GoldenFile() {
    }

    /** Asserts {@code computed} equals the file's vectors and returns them, for further checks on the bytes. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> assertMatches(Path file, Map<String, String> computed) {
        try {
            if (Boolean.getBoolean("podchain.golden.write")) {
                JSON.writeValue(file.toFile(), computed);
            }
            Map<String, String> committed = JSON.readValue(Files.readString(file), Map.class);
            assertThat(computed).isEqualTo(committed);
            return committed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
