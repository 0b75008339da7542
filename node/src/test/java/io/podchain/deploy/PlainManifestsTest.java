package io.podchain.deploy;

import io.podchain.testing.Repo;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code k8s/podchain.yaml} is the chart rendered for a 3-node network in namespace "podchain" (hooks left out),
 * so the plain manifests and the chart cannot drift apart. After changing the chart, regenerate it with the command
 * in {@link #HEADER}.
 */
class PlainManifestsTest {
    static final Path DIRECTORY = Repo.path("k8s");
    static final Path RENDERED = DIRECTORY.resolve("podchain.yaml");
    static final Map<String, Object> VALUES = Map.of("auth.existingSecret", "podchain-auth");
    private static final String HEADER = """
            # podchain: a 3-node network with a PostgreSQL sidecar per node. Generated from helm/podchain by
            #   ./mvnw -pl node -am test -Dtest=PlainManifestsTest -Dsurefire.failIfNoSpecifiedTests=false -Dpodchain.k8s.write=true
            # (do not edit by hand; change the chart). Apply with:
            #   kubectl create namespace podchain
            #   kubectl -n podchain apply -f k8s/auth-secret.example.yaml   # after setting real values
            #   kubectl -n podchain apply -f k8s/podchain.yaml
            """;

    static String expected() {
        String rendered = PodchainChart.render("podchain", "podchain", VALUES);
        String withoutHooks = Stream.of(rendered.split("(?m)^---\\s*$"))
                .filter(document -> !document.contains("helm.sh/hook"))
                .filter(document -> !document.isBlank())
                .map(String::strip)
                .collect(Collectors.joining("\n---\n"));
        return HEADER + "---\n" + withoutHooks + "\n";
    }

    @Test
    void plainManifestsAreTheChartRendered() throws IOException {
        String expected = expected();
        if (Boolean.getBoolean("podchain.k8s.write")) {
            Files.writeString(RENDERED, expected);
        }
        assertThat(Files.readString(RENDERED))
                .as("k8s/podchain.yaml is stale: regenerate it (see this test's documentation)").isEqualTo(expected);
    }

    @Test
    void everyFileInK8sIsValidKubernetes() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(DIRECTORY)) {
            files = listing.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(KubernetesManifests.parseStrictly(Files.readString(file))).as("%s", file).isNotEmpty();
        }
    }

    @Test
    void theExampleSecretHasWhatTheNodesRead() throws IOException {
        List<HasMetadata> manifests = KubernetesManifests.parseStrictly(Files.readString(RENDERED));
        Secret example = KubernetesManifests.one(KubernetesManifests.parseStrictly(
                Files.readString(DIRECTORY.resolve("auth-secret.example.yaml"))), Secret.class);
        StatefulSet statefulSet = KubernetesManifests.one(manifests, StatefulSet.class);
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(3);
        Stream.concat(statefulSet.getSpec().getTemplate().getSpec().getContainers().stream(),
                        statefulSet.getSpec().getTemplate().getSpec().getInitContainers().stream())
                .flatMap(c -> c.getEnv().stream())
                .filter(v -> v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null)
                .forEach(v -> {
                    assertThat(v.getValueFrom().getSecretKeyRef().getName()).isEqualTo(example.getMetadata().getName());
                    assertThat(example.getStringData()).containsKey(v.getValueFrom().getSecretKeyRef().getKey());
                });
    }

    @Test
    void theExampleMnemonicsSecretHasAKeyForEveryPod() throws IOException {
        Secret mnemonics = KubernetesManifests.one(KubernetesManifests.parseStrictly(
                Files.readString(DIRECTORY.resolve("mnemonics-secret.example.yaml"))), Secret.class);
        StatefulSet statefulSet = KubernetesManifests.one(PodchainChart.objects(Map.of("auth.existingSecret",
                "podchain-auth", "identity.mnemonicsSecret", mnemonics.getMetadata().getName())), StatefulSet.class);
        assertThat(statefulSet.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getSecret() != null)
                .singleElement().satisfies(v -> assertThat(v.getSecret().getSecretName())
                        .isEqualTo(mnemonics.getMetadata().getName()));
        for (int ordinal = 0; ordinal < statefulSet.getSpec().getReplicas(); ordinal++) {
            assertThat(mnemonics.getStringData()).containsKey(statefulSet.getMetadata().getName() + "-" + ordinal);
        }
    }
}
