package io.podchain.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The strict check itself: what the Kubernetes API would reject or silently drop does not pass. */
class KubernetesManifestsTest {
    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: api
            spec:
              selector:
                app: podchain
              ports:
                - name: http
                  port: 8080
            %s
            """;

    @Test
    void aValidObjectPasses() {
        assertThat(KubernetesManifests.parseStrictly(SERVICE.formatted(""))).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("Service"));
    }

    @Test
    void aMisspeltFieldFails() {
        assertThatThrownBy(() -> KubernetesManifests.parseStrictly(SERVICE.formatted("  publishNotReadyAdresses: true")))
                .hasMessageContaining("publishNotReadyAdresses");
    }

    @Test
    void aValueOfTheWrongTypeFails() {
        assertThatThrownBy(() -> KubernetesManifests.parseStrictly(SERVICE.formatted("  sessionAffinityConfig: yes-please")))
                .isInstanceOf(Throwable.class);
    }

    @Test
    void anUnknownKindFails() {
        assertThatThrownBy(() -> KubernetesManifests.parseStrictly("""
                apiVersion: example.com/v1
                kind: Gadget
                metadata:
                  name: g
                """)).hasMessageContaining("kind the Kubernetes API defines");
    }
}
