package io.podchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tables line up for a terminal; a problem+json answer becomes one readable line. */
class OutputTest {

    @Test
    void columnsAreAsWideAsTheirWidestCell() {
        StringWriter text = new StringWriter();
        new Output(Output.Format.table, new PrintWriter(text)).table(List.of("HEIGHT", "HASH"),
                List.of(List.of("7", "abc"), List.of("1234567", "d")));
        assertThat(text.toString().lines().toList()).containsExactly("HEIGHT   HASH", "7        abc", "1234567  d");
    }

    @Test
    void anEmptyTableSaysSo() {
        StringWriter text = new StringWriter();
        new Output(Output.Format.table, new PrintWriter(text)).table(List.of("NODE"), List.of());
        assertThat(text.toString().lines().toList()).containsExactly("NODE", "(none)");
    }

    @Test
    void aProblemIsStatusTitleAndDetail() throws Exception {
        JsonNode problem = NodeClient.JSON.readTree("{\"type\":\"urn:podchain:problem:not-found\",\"title\":"
                + "\"Not Found\",\"status\":404,\"detail\":\"no block 12\"}");
        assertThat(NodeClient.problem(404, problem)).isEqualTo("404 Not Found: no block 12");
        assertThat(NodeClient.problem(401, NodeClient.JSON.readTree("{\"title\":\"Unauthorized\"}")))
                .startsWith("401 Unauthorized").contains("--token");
        assertThat(NodeClient.problem(502, NodeClient.JSON.nullNode())).isEqualTo("502");
    }

    @Test
    void longHashesAreShortenedAndMissingValuesDashed() throws Exception {
        JsonNode row = NodeClient.JSON.readTree("{\"hash\":\"" + "ab".repeat(32) + "\",\"n\":null}");
        assertThat(Output.shortHex(row.get("hash"))).isEqualTo("abababababababab…");
        assertThat(Output.cell(row.get("n"))).isEqualTo("-");
        assertThat(Output.cell(row.get("absent"))).isEqualTo("-");
    }
}
