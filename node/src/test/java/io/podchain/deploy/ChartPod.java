package io.podchain.deploy;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One pod of the chart's StatefulSet, run the way the kubelet runs it, from the pod template as rendered: a holder
 * container owns the pod's network namespace and answers to the headless Service's name (a Docker network alias
 * returns every holder's address, like the Service's A records); each container of the template joins that
 * namespace with the template's image, arguments, environment (pod fields and Secret keys filled in), user, groups,
 * read-only root, capabilities, memory limit and volumes.
 *
 * <p>emptyDir volumes and the volume claim templates become Docker volumes named after the pod: like an emptyDir
 * they outlive a container's restart, like a claim they outlive the pod. What this does not reproduce is said where
 * it matters: Docker does not chown a volume to the pod's {@code fsGroup} (the images own their data directories),
 * and nothing restarts a container by itself (the tests restart it, as the kubelet would).
 */
final class ChartPod {
    /** Kubernetes' $(VAR) references in env values, expanded from variables defined before. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    /** The pod field Kubernetes sets as a label on every StatefulSet pod. */
    private static final String POD_INDEX_FIELD = "metadata.labels['apps.kubernetes.io/pod-index']";

    private final Docker docker;
    private final PodSpec spec;
    private final Set<String> claims;
    private final String name;
    private final int ordinal;
    private final String namespace;
    private final Map<String, Map<String, String>> secrets;
    private String ip;

    ChartPod(Docker docker, PodSpec spec, List<PersistentVolumeClaim> claimTemplates, String statefulSetName,
            int ordinal, String namespace, Map<String, Map<String, String>> secrets) {
        this.docker = docker;
        this.spec = spec;
        this.claims = claimTemplates.stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
        this.name = statefulSetName + "-" + ordinal;
        this.ordinal = ordinal;
        this.namespace = namespace;
        this.secrets = secrets;
    }

    String name() {
        return name;
    }

    /** The pod's IP on the test network (known once the sandbox exists). */
    String ip() {
        return ip;
    }

    String containerName(String container) {
        return name + "-" + container;
    }

    Container container(String container) {
        return allContainers().stream().filter(c -> c.getName().equals(container)).findFirst().orElseThrow();
    }

    /** The template's native sidecars: init containers with restartPolicy Always, started before the others. */
    List<Container> sidecars() {
        return spec.getInitContainers().stream().filter(c -> "Always".equals(c.getRestartPolicy())).toList();
    }

    List<Container> containers() {
        return spec.getContainers();
    }

    private List<Container> allContainers() {
        List<Container> all = new ArrayList<>(spec.getInitContainers());
        all.addAll(spec.getContainers());
        return all;
    }

    /** The pod's sandbox: the network namespace (with the Service alias) and its volumes. */
    void createSandbox(String network, String serviceAlias) {
        for (Container init : spec.getInitContainers()) {
            if (!"Always".equals(init.getRestartPolicy())) {
                throw new UnsupportedOperationException("init container " + init.getName() + " runs to completion;"
                        + " the chart has none and this runner does not run them");
            }
        }
        docker.run("run", "-d", "--name", name, "--hostname", name, "--label", docker.label(),
                "--network", network, "--network-alias", serviceAlias,
                "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--user", "65534:65534",
                Stage.baseImage(), "sleep", "infinity");
        ip = docker.inspect(name, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");
        for (Volume volume : spec.getVolumes()) {
            if (volume.getEmptyDir() == null) {
                throw new UnsupportedOperationException("volume " + volume.getName() + " is not an emptyDir");
            }
            docker.run("volume", "create", "--label", docker.label(), volumeName(volume.getName()));
        }
        for (String claim : claims) {
            docker.run("volume", "create", "--label", docker.label(), volumeName(claim));
        }
    }

    private String volumeName(String volume) {
        return name + "-" + volume;
    }

    /** Creates and starts one of the template's containers in this pod. */
    void run(Container container) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", containerName(container.getName()),
                "--label", docker.label(), "--network", "container:" + name));
        SecurityContext security = container.getSecurityContext();
        if (security != null) {
            if (security.getRunAsUser() != null) {
                args.addAll(List.of("--user", security.getRunAsUser() + (security.getRunAsGroup() == null ? ""
                        : ":" + security.getRunAsGroup())));
            }
            if (Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
                args.add("--read-only");
            }
            if (Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
                args.addAll(List.of("--security-opt", "no-new-privileges"));
            }
            Capabilities capabilities = security.getCapabilities();
            if (capabilities != null) {
                capabilities.getDrop().forEach(c -> args.addAll(List.of("--cap-drop", c)));
                capabilities.getAdd().forEach(c -> args.addAll(List.of("--cap-add", c)));
            }
        }
        if (spec.getSecurityContext() != null && spec.getSecurityContext().getFsGroup() != null) {
            args.addAll(List.of("--group-add", spec.getSecurityContext().getFsGroup().toString()));
        }
        Quantity memory = container.getResources() == null ? null : container.getResources().getLimits().get("memory");
        if (memory != null) {
            String bytes = Quantity.getAmountInBytes(memory).toBigInteger().toString();
            // no swap: a container over its limit is OOM-killed, as on a node without swap
            args.addAll(List.of("--memory", bytes, "--memory-swap", bytes));
        }
        environment(container).forEach((key, value) -> args.addAll(List.of("--env", key + "=" + value)));
        for (VolumeMount mount : container.getVolumeMounts()) {
            if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
                throw new UnsupportedOperationException("subPath mount " + mount.getName());
            }
            if ("/tmp".equals(mount.getMountPath())) {
                // as hardened clusters mount /tmp (and Docker's --tmpfs does by default): nothing there can be
                // executed or mapped as code, which is what kept the native signature library from loading
                args.addAll(List.of("--tmpfs", "/tmp:rw,noexec,nosuid,nodev,mode=1777,size=64m"));
                continue;
            }
            args.addAll(List.of("--volume", volumeName(mount.getName()) + ":" + mount.getMountPath()
                    + (Boolean.TRUE.equals(mount.getReadOnly()) ? ":ro" : "")));
        }
        List<String> command = container.getCommand();
        if (!command.isEmpty()) {
            args.addAll(List.of("--entrypoint", command.get(0)));
        }
        args.add(container.getImage());
        if (command.size() > 1) {
            args.addAll(command.subList(1, command.size()));
        }
        args.addAll(container.getArgs());
        docker.run(args.toArray(String[]::new));
    }

    /** The container's environment as the kubelet sets it. */
    Map<String, String> environment(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            String value = value(variable, env);
            if (value != null) {
                env.put(variable.getName(), value);
            }
        }
        return env;
    }

    private String value(EnvVar variable, Map<String, String> defined) {
        if (variable.getValueFrom() == null) {
            Matcher references = REFERENCE.matcher(variable.getValue() == null ? "" : variable.getValue());
            return references.replaceAll(r -> Matcher.quoteReplacement(defined.getOrDefault(r.group(1), r.group())));
        }
        var from = variable.getValueFrom();
        if (from.getFieldRef() != null) {
            String field = from.getFieldRef().getFieldPath();
            return switch (field) {
                case "metadata.name" -> name;
                case "metadata.namespace" -> namespace;
                case "status.podIP" -> ip;
                case POD_INDEX_FIELD -> Integer.toString(ordinal);
                default -> throw new UnsupportedOperationException("pod field " + field);
            };
        }
        if (from.getSecretKeyRef() != null) {
            var ref = from.getSecretKeyRef();
            String value = secrets.getOrDefault(ref.getName(), Map.of()).get(ref.getKey());
            if (value == null && Boolean.TRUE.equals(ref.getOptional())) {
                return null; // an optional key that is missing: the variable is not set
            }
            if (value == null) {
                throw new IllegalStateException("secret " + ref.getName() + " has no key " + ref.getKey());
            }
            return value;
        }
        throw new UnsupportedOperationException("env " + variable.getName() + " from " + from);
    }

    /** The host PID of a container's main process (the JVM for the node), for reading its memory from /proc. */
    long pid(String container) {
        return Long.parseLong(docker.inspect(containerName(container), "{{.State.Pid}}"));
    }

    /**
     * Deletes the pod as Kubernetes does on a rolling update: SIGTERM with the template's grace period, then its
     * containers, sandbox and emptyDir volumes go; the volumes of its claims stay for the pod that takes its name.
     */
    void delete() {
        long grace = spec.getTerminationGracePeriodSeconds() == null ? 30 : spec.getTerminationGracePeriodSeconds();
        for (Container container : spec.getContainers()) {
            docker.tryRun("stop", "--time", Long.toString(grace), containerName(container.getName()));
        }
        for (Container container : allContainers()) {
            docker.tryRun("rm", "-f", containerName(container.getName()));
        }
        docker.run("rm", "-f", name);
        for (Volume volume : spec.getVolumes()) {
            docker.run("volume", "rm", volumeName(volume.getName()));
        }
    }

    void saveLogs(Path directory) {
        for (Container container : allContainers()) {
            docker.saveLogs(containerName(container.getName()), directory.resolve(containerName(container.getName())
                    + ".log"));
        }
    }
}
