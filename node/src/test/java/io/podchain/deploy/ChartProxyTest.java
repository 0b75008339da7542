package io.podchain.deploy;

import static io.podchain.deploy.KubernetesManifests.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behind an Ingress: the chart names the trusted proxies to the nodes and lets the controller reach the API. */
class ChartProxyTest {
    @Test
    void noProxyIsTrustedByDefault() {
        Map<String, String> env = PodchainChart.env(one(PodchainChart.objects(Map.of()), StatefulSet.class));
        assertThat(env).doesNotContainKey("PODCHAIN_API_TRUSTED_PROXIES")
                .containsEntry("PODCHAIN_API_FORWARDED_HEADER", "x-forwarded-for");
    }

    @Test
    void trustedProxiesAndTheirHeaderReachTheNodes() {
        Map<String, String> env = PodchainChart.env(one(PodchainChart.objects(Map.of(
                "api.trustedProxies[0]", "10.42.0.0/16", "api.trustedProxies[1]", "127.0.0.6",
                "api.trustedProxies[2]", "fd00::/8",
                "api.forwardedHeader", "Forwarded")), StatefulSet.class));
        assertThat(env).containsEntry("PODCHAIN_API_TRUSTED_PROXIES", "10.42.0.0/16,127.0.0.6,fd00::/8")
                .containsEntry("PODCHAIN_API_FORWARDED_HEADER", "forwarded");
    }

    @Test
    void theSchemaRejectsWhatTheNodeWouldRefuse() {
        assertThatThrownBy(() -> PodchainChart.render(Map.of("api.trustedProxies[0]", "ingress-nginx")))
                .hasMessageContaining("trustedProxies");
        assertThatThrownBy(() -> PodchainChart.render(Map.of("api.forwardedHeader", "X-Real-IP")))
                .hasMessageContaining("forwardedHeader");
    }

    @Test
    void theIngressControllerMayBeLetThroughTheNetworkPolicy() {
        List<NetworkPolicyIngressRule> closed = one(PodchainChart.objects(Map.of()), NetworkPolicy.class).getSpec()
                .getIngress();
        List<HasMetadata> objects = PodchainChart.objects(Map.of(
                "networkPolicy.apiFrom[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name",
                "ingress-nginx"));
        List<NetworkPolicyIngressRule> open = one(objects, NetworkPolicy.class).getSpec().getIngress();
        assertThat(open).hasSize(closed.size() + 1);
        assertThat(open).filteredOn(rule -> rule.getFrom().stream().anyMatch(peer -> peer.getNamespaceSelector() != null
                && "ingress-nginx".equals(peer.getNamespaceSelector().getMatchLabels()
                        .get("kubernetes.io/metadata.name")))).singleElement()
                .satisfies(rule -> assertThat(rule.getPorts()).singleElement()
                        .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(8080)));
    }
}
