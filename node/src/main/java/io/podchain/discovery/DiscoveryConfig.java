package io.podchain.discovery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "podchain.discovery")
public interface DiscoveryConfig {
    /** Fixed peers as host:port. */
    Optional<List<String>> peers();

    /** A headless-service name, e.g. {@code podchain-headless.ns.svc.cluster.local}. */
    Optional<String> dnsName();

    /** host:port of the DNS server to ask; default: the first nameserver of /etc/resolv.conf. */
    Optional<String> dnsServer();

    /** Port of peers found by A records when no SRV record names one. */
    @WithDefault("8080")
    int defaultPort();

    /** True when this node is meant to find peers (a solo node is not). */
    default boolean configured() {
        return dnsName().isPresent() || !peers().orElse(List.of()).isEmpty();
    }

    /** How often DNS is asked (a random jitter of up to a fifth is added). */
    @WithDefault("5s")
    Duration interval();
}
