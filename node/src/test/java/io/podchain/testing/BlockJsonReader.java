package io.podchain.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podchain.wire.BlockJson;

/** JSON of blocks the way a client writes and reads it. */
public final class BlockJsonReader {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private BlockJsonReader() {
    }

    public static BlockJson read(String json) {
        try {
            return JSON.readValue(json, BlockJson.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static String write(BlockJson block) {
        try {
            return JSON.writeValueAsString(block);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
