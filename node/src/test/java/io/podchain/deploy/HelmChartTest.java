package io.podchain.deploy;

import static io.podchain.deploy.KubernetesManifests.all;
import static io.podchain.deploy.KubernetesManifests.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The chart lints strictly, its schema guards its values, and every value set renders valid, coherent objects. */
class HelmChartTest {

    static Stream<Arguments> valueSets() {
        return Stream.of(
                Arguments.of("defaults", Map.of()),
                Arguments.of("five replicas", Map.of("replicas", 5)),
                Arguments.of("external database", Map.of("postgres.mode", "external",
                        "postgres.external.urlTemplate", "jdbc:postgresql://db.example:5432/chain_{ordinal}")),
                Arguments.of("mining off", Map.of("mining.enabled", false)),
                Arguments.of("one replica", Map.of("replicas", 1)),
                Arguments.of("mnemonics and own secret", Map.of("identity.mnemonicsSecret", "node-keys",
                        "auth.existingSecret", "my-auth", "persistence.storageClass", "fast-ssd")));
    }

    @Test
    void lintsStrictly() {
        LintResult result = PodchainChart.helm().lint().strict().call();
        assertThat(result.getMessages()).as("lint messages").noneMatch(m -> m.contains("[ERROR]")
                || m.contains("[WARNING]"));
        assertThat(result.isFailed()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyValueSetRendersValidKubernetesObjects(String name, Map<String, Object> values) {
        List<HasMetadata> objects = PodchainChart.objects(values);
        assertThat(objects).extracting(HasMetadata::getKind).contains("StatefulSet", "Service", "ServiceAccount",
                "PodDisruptionBudget", "NetworkPolicy", "Pod");
        assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getNamespace())
                .isEqualTo(PodchainChart.NAMESPACE));
        StatefulSet statefulSet = one(objects, StatefulSet.class);
        assertThat(statefulSet.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(statefulSet.getSpec().getSelector().getMatchLabels())
                .isEqualTo(statefulSet.getSpec().getTemplate().getMetadata().getLabels());
        assertSecure(statefulSet);
    }

    @Test
    void headlessServiceFindsEveryPodAndIsWhatTheNodesResolve() {
        List<HasMetadata> objects = PodchainChart.objects(Map.of());
        StatefulSet statefulSet = one(objects, StatefulSet.class);
        Service headless = headless(objects);
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(headless.getSpec().getPorts()).extracting("name").as("the SRV record _p2p._tcp the nodes ask for;"
                + " the management port for a ServiceMonitor").containsExactly("p2p", "management");
        assertThat(headless.getSpec().getPorts().get(0)).satisfies(port -> {
            assertThat(port.getProtocol()).isEqualTo("TCP");
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertThat(statefulSet.getSpec().getServiceName()).isEqualTo(headless.getMetadata().getName());
        assertThat(PodchainChart.env(statefulSet)).containsEntry("PODCHAIN_DISCOVERY_DNS_NAME",
                headless.getMetadata().getName() + "." + PodchainChart.NAMESPACE + ".svc.cluster.local");
        assertThat(headless.getSpec().getSelector())
                .isEqualTo(statefulSet.getSpec().getSelector().getMatchLabels());
        // peers are dialled on the headless port, which is the container's HTTP port, which is the node's
        ContainerPort http = port(PodchainChart.nodeContainer(statefulSet), "http");
        assertThat(headless.getSpec().getPorts().get(0).getPort()).isEqualTo(http.getContainerPort());
        assertThat(PodchainChart.env(statefulSet)).containsEntry("QUARKUS_HTTP_PORT",
                http.getContainerPort().toString())
                .containsEntry("PODCHAIN_P2P_ADVERTISED_ADDRESS", "$(POD_IP):" + http.getContainerPort());
    }

    @Test
    void clientServiceRoutesTheApiToReadyPodsOnly() {
        List<HasMetadata> objects = PodchainChart.objects(Map.of());
        Service client = all(objects, Service.class).stream()
                .filter(s -> !"None".equals(s.getSpec().getClusterIP())).findFirst().orElseThrow();
        assertThat(client.getSpec().getPublishNotReadyAddresses()).isNotEqualTo(Boolean.TRUE);
        assertThat(client.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
    }

    @Test
    void probesUseTheManagementPortAndTheHealthEndpoints() {
        StatefulSet statefulSet = one(PodchainChart.objects(Map.of()), StatefulSet.class);
        Container node = PodchainChart.nodeContainer(statefulSet);
        ContainerPort management = port(node, "management");
        assertThat(PodchainChart.env(statefulSet)).containsEntry("QUARKUS_MANAGEMENT_PORT",
                management.getContainerPort().toString()).containsEntry("QUARKUS_MANAGEMENT_HOST", "0.0.0.0");
        assertThat(Map.of("startup", node.getStartupProbe(), "readiness", node.getReadinessProbe(),
                "liveness", node.getLivenessProbe())).allSatisfy((kind, probe) -> {
                    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
                    assertThat(probe.getHttpGet().getPath()).isEqualTo(ChartBindingTest.PROBE_PATHS.get(kind));
                });
        Probe startup = node.getStartupProbe();
        assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold())
                .as("start-up (migrations, first sync decision) may take minutes").isGreaterThanOrEqualTo(120);
    }

    @Test
    void sidecarDatabaseHasItsVolumeAndListensOnLoopbackOnly() {
        StatefulSet statefulSet = one(PodchainChart.objects(Map.of()), StatefulSet.class);
        Container postgres = statefulSet.getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertThat(postgres.getRestartPolicy()).as("a native sidecar").isEqualTo("Always");
        assertThat(postgres.getImage()).isEqualTo("postgres:17.6");
        assertThat(postgres.getArgs()).containsExactly("-c", "listen_addresses=127.0.0.1");
        assertThat(postgres.getPorts()).isEmpty();
        assertThat(statefulSet.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(claim -> {
            assertThat(claim.getMetadata().getName()).isEqualTo("data");
            assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("5Gi");
        });
        assertThat(PodchainChart.env(statefulSet).get("QUARKUS_DATASOURCE_JDBC_URL"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/podchain");
    }

    @Test
    void externalDatabaseGivesEachNodeItsOwnDatabaseByOrdinal() {
        StatefulSet statefulSet = one(PodchainChart.objects(Map.of("postgres.mode", "external",
                "postgres.external.urlTemplate", "jdbc:postgresql://db.example:5432/chain_{ordinal}")),
                StatefulSet.class);
        assertThat(statefulSet.getSpec().getTemplate().getSpec().getInitContainers()).isEmpty();
        assertThat(statefulSet.getSpec().getVolumeClaimTemplates()).isEmpty();
        assertThat(PodchainChart.env(statefulSet)).containsEntry("QUARKUS_DATASOURCE_JDBC_URL",
                "jdbc:postgresql://db.example:5432/chain_$(POD_INDEX)");
        assertThat(PodchainChart.nodeContainer(statefulSet).getEnv()).anySatisfy(variable -> {
            assertThat(variable.getName()).isEqualTo("POD_INDEX");
            assertThat(variable.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.labels['apps.kubernetes.io/pod-index']");
        });
    }

    /** Helm reads YAML numbers as floats: 1000000 would reach the node as "1e+06", which no integer key accepts. */
    @Test
    void numbersReachTheNodesAsTheNodeParsesThem() {
        Map<String, String> env = PodchainChart.env(one(PodchainChart.objects(Map.of()), StatefulSet.class));
        assertThat(env).containsEntry("PODCHAIN_NETWORK_MAX_BLOCK_BYTES", "1000000")
                .containsEntry("PODCHAIN_NETWORK_MAX_BLOCK_MESSAGES", "5000")
                .containsEntry("PODCHAIN_NETWORK_TARGET_BLOCK_TIME", "2s")
                .containsEntry("PODCHAIN_MINING_PACE", "0.5").containsEntry("PODCHAIN_MINING_CPU_SHARE", "0.1");
        assertThat(env.values()).as("no number in exponent notation").noneMatch(v -> v != null
                && v.matches("[0-9.]+e[+-]?[0-9]+"));
    }

    @Test
    void valuesReachTheNodes() {
        List<HasMetadata> five = PodchainChart.objects(Map.of("replicas", 5, "mining.enabled", false,
                "readiness.maxBlocksBehind", 4, "network.id", "testnet-7"));
        StatefulSet statefulSet = one(five, StatefulSet.class);
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(5);
        assertThat(PodchainChart.env(statefulSet)).containsEntry("PODCHAIN_MINING_AUTO", "false")
                .containsEntry("PODCHAIN_READINESS_MAX_BLOCKS_BEHIND", "4")
                .as("a majority of the other four: two").containsEntry("PODCHAIN_READINESS_MIN_PEERS", "2")
                .containsEntry("PODCHAIN_NETWORK_ID", "testnet-7");
        Pod test = one(five, Pod.class);
        assertThat(test.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "test");
        String nodes = test.getSpec().getContainers().get(0).getEnv().get(0).getValue();
        assertThat(nodes.split(" ")).hasSize(5).allMatch(n -> n.matches("podchain-[0-4]\\.podchain-headless"));

        StatefulSet solo = one(PodchainChart.objects(Map.of("replicas", 1)), StatefulSet.class);
        assertThat(PodchainChart.env(solo)).as("a network of one has no peer to wait for")
                .containsEntry("PODCHAIN_READINESS_MIN_PEERS", "0");
        assertThat(PodchainChart.env(one(PodchainChart.objects(Map.of("replicas", 3)), StatefulSet.class)))
                .containsEntry("PODCHAIN_READINESS_MIN_PEERS", "1");
        assertThat(PodchainChart.env(one(PodchainChart.objects(Map.of("replicas", 4, "readiness.minPeers", 3)),
                StatefulSet.class))).as("a number, at most the other pods").containsEntry("PODCHAIN_READINESS_MIN_PEERS", "3");
    }

    @Test
    void credentialsComeFromASecretAndMnemonicsFromOnePerPod() {
        List<HasMetadata> generated = PodchainChart.objects(Map.of());
        Secret secret = one(generated, Secret.class);
        assertThat(secret.getMetadata().getAnnotations()).as("created once, never re-rolled by an upgrade")
                .containsEntry("helm.sh/hook", "pre-install");
        assertThat(secret.getData()).containsOnlyKeys("database-password", "admin-token", "cluster-secret");
        assertThat(secret.getData().get("database-password")).isNotBlank();
        assertThat(new String(java.util.Base64.getDecoder().decode(secret.getData().get("cluster-secret"))))
                .as("a random key, long enough for the node to take").hasSizeGreaterThanOrEqualTo(
                        io.podchain.p2p.Membership.MIN_SECRET_LENGTH);
        assertThat(PodchainChart.nodeContainer(one(generated, StatefulSet.class)).getEnv())
                .filteredOn(v -> v.getName().equals("PODCHAIN_P2P_CLUSTER_SECRET")).singleElement()
                .satisfies(v -> assertThat(v.getValueFrom().getSecretKeyRef().getOptional()).isTrue());

        List<HasMetadata> own = PodchainChart.objects(Map.of("auth.existingSecret", "my-auth",
                "identity.mnemonicsSecret", "node-keys"));
        assertThat(all(own, Secret.class)).isEmpty();
        StatefulSet statefulSet = one(own, StatefulSet.class);
        assertThat(PodchainChart.nodeContainer(statefulSet).getEnv()).filteredOn(v -> v.getValueFrom() != null
                && v.getValueFrom().getSecretKeyRef() != null).extracting(v -> v.getValueFrom().getSecretKeyRef()
                .getName()).containsOnly("my-auth").hasSize(3);
        assertThat(PodchainChart.env(statefulSet)).containsEntry("PODCHAIN_IDENTITY_MNEMONIC_FILE",
                "/etc/podchain/mnemonics/$(POD_NAME)");
        assertThat(statefulSet.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getSecret() != null)
                .singleElement().satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("node-keys"));
    }

    @Test
    void disruptionsNetworkAndApiAccessAreBounded() {
        List<HasMetadata> objects = PodchainChart.objects(Map.of());
        assertThat(one(objects, PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(one(objects, ServiceAccount.class).getAutomountServiceAccountToken()).isFalse();
        NetworkPolicy policy = one(objects, NetworkPolicy.class);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels())
                .as("p2p from podchain pods").isEqualTo(one(objects, StatefulSet.class).getSpec().getSelector()
                        .getMatchLabels());
        assertThat(one(objects, Pod.class).getMetadata().getLabels()).as("helm test may call the nodes")
                .containsEntry("podchain-client", "true");
    }

    @Test
    void notesGiveWorkingCommandsForThisRelease() {
        String notes = PodchainChart.notes(Map.of("replicas", 4));
        assertThat(notes).contains("4 node(s)")
                .contains("kubectl -n " + PodchainChart.NAMESPACE + " port-forward svc/podchain 8080:8080")
                .contains("curl -s localhost:8080/api/chain")
                .contains("get secret podchain-auth")
                .contains("port-forward pod/podchain-0 9000:9000", "curl -s localhost:9000/q/health/ready")
                .contains("helm test podchain");
    }

    @Test
    void theSchemaRejectsInvalidValues() {
        assertThatThrownBy(() -> PodchainChart.render(Map.of("postgres.mode", "embedded")))
                .hasMessageContaining("mode");
        assertThatThrownBy(() -> PodchainChart.render(Map.of("replicas", 0))).hasMessageContaining("replicas");
        assertThatThrownBy(() -> PodchainChart.render(Map.of("network.targetBlockTime", "ten seconds")))
                .hasMessageContaining("targetBlockTime");
        assertThatThrownBy(() -> PodchainChart.render(Map.of("minig.enabled", false)))
                .as("a misspelt key is an error, not ignored").hasMessageContaining("minig");
    }

    @Test
    void shutdownDrainsWithinTheGracePeriod() {
        StatefulSet statefulSet = one(PodchainChart.objects(Map.of()), StatefulSet.class);
        var pod = statefulSet.getSpec().getTemplate().getSpec();
        Container node = PodchainChart.nodeContainer(statefulSet);
        assertThat(node.getLifecycle().getPreStop().getExec().getCommand()).containsExactly("sleep", "5");
        Map<String, String> env = PodchainChart.env(statefulSet);
        assertThat(env).containsEntry("QUARKUS_SHUTDOWN_DELAY", "3s").doesNotContainKey("QUARKUS_SHUTDOWN_TIMEOUT");
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(30L);

        StatefulSet noPreStop = one(PodchainChart.objects(Map.of("shutdown.preStopSeconds", 0)), StatefulSet.class);
        assertThat(PodchainChart.nodeContainer(noPreStop).getLifecycle()).isNull();
        assertThatThrownBy(() -> PodchainChart.render(Map.of("shutdown.delaySeconds", 21)))
                .as("5 + 21 + 5 s do not fit in 30 s").hasMessageContaining("terminationGracePeriodSeconds");
    }

    @Test
    void logsAreJsonUnlessSwitchedOff() {
        assertThat(PodchainChart.env(one(PodchainChart.objects(Map.of()), StatefulSet.class)))
                .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
        assertThat(PodchainChart.env(one(PodchainChart.objects(Map.of("logging.json", false)), StatefulSet.class)))
                .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
    }

    @Test
    void podsSpreadOverNodesAndZonesByDefault() {
        StatefulSet statefulSet = one(PodchainChart.objects(Map.of()), StatefulSet.class);
        var pod = statefulSet.getSpec().getTemplate().getSpec();
        assertThat(pod.getTopologySpreadConstraints()).extracting("topologyKey")
                .containsExactly("kubernetes.io/hostname", "topology.kubernetes.io/zone");
        assertThat(pod.getTopologySpreadConstraints()).allSatisfy(c -> {
            assertThat(c.getMaxSkew()).isEqualTo(1);
            assertThat(c.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
            assertThat(c.getLabelSelector().getMatchLabels())
                    .isEqualTo(statefulSet.getSpec().getSelector().getMatchLabels());
        });
        var strict = one(PodchainChart.objects(Map.of("spread.whenUnsatisfiable", "DoNotSchedule")), StatefulSet.class);
        assertThat(strict.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .allSatisfy(c -> assertThat(c.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule"));
        var off = one(PodchainChart.objects(Map.of("spread.enabled", false)), StatefulSet.class);
        assertThat(off.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).isEmpty();
        assertThatThrownBy(() -> PodchainChart.render(Map.of("spread.whenUnsatisfiable", "Sometimes")))
                .hasMessageContaining("whenUnsatisfiable");
    }

    @Test
    void prometheusOperatorObjectsAreOffByDefaultAndScrapeTheManagementPortWhenOn() {
        assertThat(KubernetesManifests.documents(PodchainChart.render(Map.of()))).extracting(d -> d.path("kind")
                .asText()).doesNotContain("ServiceMonitor", "PrometheusRule");

        var documents = KubernetesManifests.documents(PodchainChart.render(Map.of(
                "metrics.serviceMonitor.enabled", true, "metrics.serviceMonitor.labels.release", "prom",
                "metrics.prometheusRule.enabled", true, "network.targetBlockTime", "10s")));
        var monitor = documents.stream().filter(d -> d.path("kind").asText().equals("ServiceMonitor")).findFirst()
                .orElseThrow();
        assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("prom");
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("management");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
        Service headless = headless(PodchainChart.objects(Map.of()));
        assertThat(headless.getSpec().getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("management");
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("management");
        });

        var rule = documents.stream().filter(d -> d.path("kind").asText().equals("PrometheusRule")).findFirst()
                .orElseThrow();
        Map<String, String> alerts = new java.util.HashMap<>();
        rule.at("/spec/groups/0/rules").forEach(r -> alerts.put(r.path("alert").asText(), r.path("expr").asText()));
        assertThat(alerts).containsOnlyKeys("PodchainChainStalled", "PodchainNodeNotReady",
                "PodchainPeersBelowMinimum");
        assertThat(alerts.get("PodchainChainStalled")).contains("podchain_pending_messages")
                .contains("changes(podchain_chain_height{namespace=\"chain-test\", pod=~\"podchain-[0-9]+\"}[300s])");
        assertThat(alerts.get("PodchainNodeNotReady")).contains("podchain_ready{").endsWith("== 0");
        assertThat(alerts.get("PodchainPeersBelowMinimum")).contains("status=\"ONLINE\"").endsWith("< 1");

        assertThatThrownBy(() -> PodchainChart.render(Map.of("metrics.serviceMonitor.enabled", "yes")))
                .hasMessageContaining("enabled");
        assertThatThrownBy(() -> PodchainChart.render(Map.of("metrics.prometheusRule.stalledBlockTimes", 0)))
                .hasMessageContaining("stalledBlockTimes");
    }

    static Service headless(List<HasMetadata> objects) {
        return all(objects, Service.class).stream().filter(s -> "None".equals(s.getSpec().getClusterIP()))
                .findFirst().orElseThrow();
    }

    private static ContainerPort port(Container container, String name) {
        return container.getPorts().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
    }

    private static void assertSecure(StatefulSet statefulSet) {
        var pod = statefulSet.getSpec().getTemplate().getSpec();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        List<Container> containers = Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream())
                .toList();
        assertThat(containers).allSatisfy(c -> {
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(c.getResources().getLimits()).containsKey("memory");
            assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        });
    }
}
