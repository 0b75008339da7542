package io.podchain.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What a command prints: aligned tables and key/value lines for a terminal, or the node's JSON for scripts. */
final class Output {
    enum Format { table, json }

    private final Format format;
    private final PrintWriter out;

    Output(Format format, PrintWriter out) {
        this.format = format;
        this.out = out;
    }

    boolean json() {
        return format == Format.json;
    }

    /** Prints {@code node} as JSON (pretty) when --output json, else runs {@code table}. */
    void print(JsonNode node, Runnable table) {
        if (json()) {
            try {
                out.println(NodeClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            } catch (JsonProcessingException e) {
                throw new CliException("cannot print JSON: " + e.getMessage(), e);
            }
        } else {
            table.run();
        }
        out.flush();
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }

    /** "key  value" lines, keys padded to one column. */
    void fields(List<String[]> pairs) {
        int width = pairs.stream().mapToInt(p -> p[0].length()).max().orElse(0);
        for (String[] pair : pairs) {
            out.println(pad(pair[0], width) + "  " + pair[1]);
        }
        out.flush();
    }

    /** A table: a header row, then rows, each column as wide as its widest cell. */
    void table(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(i == widths.length - 1 ? row.get(i) : pad(row.get(i), widths[i]) + "  ");
            }
            out.println(line.toString().stripTrailing());
        }
        if (rows.isEmpty()) {
            out.println("(none)");
        }
        out.flush();
    }

    static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    /** A JSON value as a cell: text as is, null as "-". */
    static String cell(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? "-" : value.asText();
    }

    /** The first characters of a hash or key: enough to tell them apart on a screen. */
    static String shortHex(JsonNode value) {
        String text = cell(value);
        return text.length() > 16 ? text.substring(0, 16) + "…" : text;
    }

    static String time(JsonNode epochMillis) {
        return epochMillis == null || !epochMillis.canConvertToLong() ? "-"
                : Instant.ofEpochMilli(epochMillis.asLong()).toString();
    }
}
