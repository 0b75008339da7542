package io.podchain.deploy;

import io.podchain.testing.Repo;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * helm/podchain rendered in-process by helm-java (the Helm library itself, offline), as `helm template` does, but
 * with the hooks (the `helm test` pod, the generated Secret) included: helm-java's template leaves them out, so the
 * chart is rendered from a copy whose hook annotations are renamed, and renamed back in the output.
 */
final class PodchainChart {
    static final Path DIRECTORY = Repo.path("helm", "podchain");
    static final String RELEASE = "podchain";
    static final String NAMESPACE = "chain-test";
    private static final String HOOK = "helm.sh/hook";
    private static final String DISGUISED_HOOK = "podchain.test/hook";
    private static Path withHooksAsPlainObjects;

    private PodchainChart() {
    }

    static Helm helm() {
        return new Helm(DIRECTORY);
    }

    private static synchronized Path withHooksAsPlainObjects() {
        if (withHooksAsPlainObjects == null) {
            try {
                Path copy = Files.createTempDirectory("podchain-chart").resolve("podchain");
                try (Stream<Path> files = Files.walk(DIRECTORY)) {
                    for (Path file : files.toList()) {
                        Path target = copy.resolve(DIRECTORY.relativize(file).toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(target);
                        } else {
                            Files.writeString(target, Files.readString(file).replace(HOOK, DISGUISED_HOOK));
                        }
                    }
                }
                withHooksAsPlainObjects = copy;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return withHooksAsPlainObjects;
    }

    /** What `helm install` prints after installing: the chart's NOTES, rendered (a client-only dry run). */
    static String notes(Map<String, Object> values) {
        InstallCommand install = helm().install().withName(RELEASE).withNamespace(NAMESPACE).clientOnly()
                .withDryRunOption(DryRun.CLIENT);
        values.forEach(install::set);
        return install.call().getOutput();
    }

    /** The rendered manifests (hooks included) for the release "podchain" in namespace "chain-test". */
    static String render(Map<String, Object> values) {
        return render(RELEASE, NAMESPACE, values);
    }

    static String render(String release, String namespace, Map<String, Object> values) {
        TemplateCommand template = new Helm(withHooksAsPlainObjects()).template().withName(release)
                .withNamespace(namespace);
        values.forEach(template::set);
        return template.call().replace(DISGUISED_HOOK, HOOK);
    }

    static List<HasMetadata> objects(Map<String, Object> values) {
        return KubernetesManifests.parseStrictly(render(values));
    }

    static Container nodeContainer(StatefulSet statefulSet) {
        return statefulSet.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("podchain")).findFirst().orElseThrow();
    }

    /** The node container's environment, name to value ("valueFrom" entries map to null). */
    static Map<String, String> env(StatefulSet statefulSet) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar variable : nodeContainer(statefulSet).getEnv()) {
            env.put(variable.getName(), variable.getValue());
        }
        return env;
    }
}
