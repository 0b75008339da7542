package io.podchain.deploy;

import static io.podchain.deploy.KubernetesManifests.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.podchain.testing.Api;
import io.podchain.testing.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The chart and the application agree: the probes call endpoints the running node serves, on the port it serves
 * them on, and every environment variable the chart sets is a configuration key the node reads at run time.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class ChartBindingTest {
    static final Map<String, String> PROBE_PATHS = Map.of("startup", "/q/health/started",
            "readiness", "/q/health/ready", "liveness", "/q/health/live");
    /** Variables the chart takes from the pod (downward API) to build other values with $(NAME). */
    private static final Set<String> POD_FIELDS = Set.of("POD_NAME", "POD_IP", "POD_INDEX");

    @Test
    void probesHitHealthEndpointsOnTheManagementPort() {
        StatefulSet statefulSet = one(PodchainChart.objects(Map.of()), StatefulSet.class);
        Container node = PodchainChart.nodeContainer(statefulSet);
        int chartPort = node.getPorts().stream().filter(p -> p.getName().equals("management")).findFirst()
                .orElseThrow().getContainerPort();
        assertThat(ConfigProvider.getConfig().getValue("quarkus.management.port", Integer.class))
                .as("the application's management port").isEqualTo(chartPort);
        for (var probe : List.of(node.getStartupProbe(), node.getReadinessProbe(), node.getLivenessProbe())) {
            String path = probe.getHttpGet().getPath();
            assertThat(PROBE_PATHS).containsValue(path);
            Api.management().get(path).then().statusCode(org.hamcrest.Matchers.oneOf(200, 503))
                    .body("status", notNullValue()).body("checks", notNullValue());
        }
    }

    @Test
    void everyVariableTheChartSetsIsAConfigurationKeyOfTheNode() {
        Set<String> known = new HashSet<>(podchainKeys());
        known.addAll(quarkusRuntimeKeys());
        for (Map<String, Object> values : List.<Map<String, Object>>of(Map.of(),
                Map.of("postgres.mode", "external", "identity.mnemonicsSecret", "keys"))) {
            StatefulSet statefulSet = one(PodchainChart.objects(values), StatefulSet.class);
            List<EnvVar> env = PodchainChart.nodeContainer(statefulSet).getEnv();
            for (EnvVar variable : env) {
                if (POD_FIELDS.contains(variable.getName())) {
                    assertThat(env).as("%s is used in another value", variable.getName())
                            .anyMatch(v -> v.getValue() != null && v.getValue().contains("$(" + variable.getName() + ")"));
                } else {
                    assertThat(known).as("configuration key for %s", variable.getName()).contains(variable.getName());
                }
            }
        }
    }

    /** The environment form (SmallRye Config's rule) of every property of podchain's own configuration mappings. */
    private static Set<String> podchainKeys() {
        Set<String> keys = new HashSet<>();
        for (Class<?> mapping : configMappings()) {
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(mapping, prefix)).keySet()
                    .forEach(name -> keys.add(environmentName(name)));
        }
        assertThat(keys).as("podchain's configuration").contains("PODCHAIN_NETWORK_ID", "PODCHAIN_MINING_AUTO");
        return keys;
    }

    private static List<Class<?>> configMappings() {
        Path classes = Path.of("target", "classes");
        List<Class<?>> mappings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, ChartBindingTest.class.getClassLoader());
                if (type.isAnnotationPresent(ConfigMapping.class)) {
                    mappings.add(type);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return mappings;
    }

    /**
     * Quarkus documents every configuration property of each extension, with its environment variable and phase,
     * in {@code META-INF/quarkus-config-doc/quarkus-config-model.json}; only run-time properties can be set by a
     * pod's environment (build-time ones are fixed in the image).
     */
    private static Set<String> quarkusRuntimeKeys() {
        Set<String> keys = new HashSet<>();
        ObjectMapper json = new ObjectMapper();
        try {
            for (URL model : Collections.list(Thread.currentThread().getContextClassLoader()
                    .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json"))) {
                try (InputStream in = model.openStream()) {
                    collectRuntimeKeys(json.readTree(in), keys);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(keys).as("Quarkus's documented run-time configuration").contains("QUARKUS_DATASOURCE_USERNAME");
        return keys;
    }

    private static void collectRuntimeKeys(JsonNode node, Set<String> keys) {
        if (node.isObject() && node.has("path") && node.path("path").has("environmentVariable")
                && node.path("phase").asText().equals("RUN_TIME")) {
            keys.add(node.path("path").path("environmentVariable").asText());
        }
        node.forEach(child -> collectRuntimeKeys(child, keys));
    }

    private static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }
}
