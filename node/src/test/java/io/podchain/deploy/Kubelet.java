package io.podchain.deploy;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Probes as the kubelet runs them, from the container's probe definitions as rendered: an httpGet probe is a GET
 * to the pod's IP on the named or numbered port, passing on 200-399 within timeoutSeconds; an exec probe runs
 * its command in the container, passing on exit code 0.
 */
final class Kubelet {
    /** How often the tests look: more often than the chart's periods, to see changes as they happen. */
    static final Duration POLL = Duration.ofMillis(200);

    private final Docker docker;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    Kubelet(Docker docker) {
        this.docker = docker;
    }

    /** An httpGet probe's answer: the status code and body, or empty when nothing answered (refused, timed out). */
    record Answer(int status, String body) {
        boolean passed() {
            return status >= 200 && status < 400;
        }
    }

    boolean passes(ChartPod pod, Container container, Probe probe) {
        if (probe.getHttpGet() != null) {
            return get(pod, container, probe).map(Answer::passed).orElse(false);
        }
        if (probe.getExec() != null) {
            List<String> command = new ArrayList<>(List.of("exec", pod.containerName(container.getName())));
            command.addAll(probe.getExec().getCommand());
            return docker.tryRun(command.toArray(String[]::new)).ok();
        }
        throw new UnsupportedOperationException("probe " + probe);
    }

    Optional<Answer> get(ChartPod pod, Container container, Probe probe) {
        var action = probe.getHttpGet();
        URI uri = URI.create("http://" + pod.ip() + ":" + port(container, action.getPort()) + action.getPath());
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(probe.getTimeoutSeconds())).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return Optional.of(new Answer(response.statusCode(), response.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int port(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new IllegalStateException("no port named " + port.getStrVal()));
    }

    /**
     * Waits for the startup probe within the budget the chart gives it (initial delay + failureThreshold x period):
     * past that, the kubelet would have killed the container.
     */
    void awaitStarted(ChartPod pod, Container container) {
        Probe startup = container.getStartupProbe();
        await(pod.containerName(container.getName()) + " to pass its startup probe").atMost(budget(startup))
                .pollInterval(POLL).until(() -> passes(pod, container, startup));
    }

    static Duration budget(Probe probe) {
        int initialDelay = probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds();
        return Duration.ofSeconds(initialDelay + (long) probe.getFailureThreshold() * probe.getPeriodSeconds());
    }
}
