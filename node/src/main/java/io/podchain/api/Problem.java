package io.podchain.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.podchain.chain.Violation;
import java.util.List;

/** An RFC 9457 problem detail; {@code violations} names every broken rule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<ViolationJson> violations) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public record ViolationJson(String rule, String detail) {
        static List<ViolationJson> of(List<Violation> violations) {
            return violations.stream().map(v -> new ViolationJson(v.rule().name(), v.detail())).toList();
        }
    }

    static Problem of(String slug, String title, int status, String detail) {
        return new Problem("urn:podchain:problem:" + slug, title, status, detail, null);
    }

    static Problem of(String slug, String title, int status, String detail, List<Violation> violations) {
        return new Problem("urn:podchain:problem:" + slug, title, status, detail, ViolationJson.of(violations));
    }
}
