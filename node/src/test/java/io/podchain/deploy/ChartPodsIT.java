package io.podchain.deploy;

import static io.podchain.deploy.KubernetesManifests.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.podchain.chain.ChainParams;
import io.podchain.chain.SigningKey;
import io.podchain.testing.ChainChecks;
import io.podchain.testing.TestBlocks;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chart's pods as containers (issue 11): the pod template of the rendered StatefulSet, run on the container
 * stage's own Docker engine on an {@code --internal} network, with the images the stage built. One cluster goes
 * through what a cluster goes through: start, traffic, a node killed, its database killed, a node stopped, and a
 * pod added to a long chain; each test checks what the kubelet and a user would see. Run by
 * {@code src/test/containers/stage.sh}, not by {@code ./mvnw verify}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartPodsIT {
    private static final String NETWORK = "podchain-ct";
    private static final int REPLICAS = 3;
    /** A chain long enough that a new pod's catching up is a real sync (several pages, minutes of mining). */
    private static final int LONG_CHAIN = 2_000;
    /**
     * The chart's defaults but for the consensus parameters: blocks at 6 bits of difficulty are found in well
     * under a millisecond, and no retarget within the test, so that 2,000 blocks cost seconds on 2 cores.
     */
    private static final ChainParams PARAMS = new ChainParams("podchain-ct", 6, 1, 100_000,
            ChainParams.DEFAULT_TARGET_BLOCK_TIME);

    private final Docker docker = Docker.fromStage();
    private final Kubelet kubelet = new Kubelet(docker);
    private final List<ChartPod> pods = new ArrayList<>();
    private final StageFigures figures = new StageFigures();
    private final SigningKey client = TestBlocks.key("container-stage-client");
    private StatefulSet statefulSet;
    private PodApi api;
    private Map<String, Map<String, String>> secrets;
    private Map<String, Object> installValues;
    /** Containers of the stage that are not the release's pods (an outsider), whose logs are kept all the same. */
    private final List<ChartPod> others = new ArrayList<>();
    private String serviceName;
    private long memoryLimitBytes;

    @BeforeAll
    void renderTheChartAndCreateTheNetwork() {
        String[] node = splitImage(Stage.nodeImage());
        String[] postgres = splitImage(Stage.postgresImage());
        Map<String, Object> values = new HashMap<>(Map.of("replicas", REPLICAS,
                "image.repository", node[0], "image.tag", node[1],
                "postgres.sidecar.image.repository", postgres[0], "postgres.sidecar.image.tag", postgres[1],
                "network.id", PARAMS.networkId(),
                "network.initialDifficulty", PARAMS.initialDifficulty(),
                "network.minDifficulty", PARAMS.minDifficulty(),
                "network.retargetInterval", PARAMS.retargetInterval()));
        installValues = Map.copyOf(values);
        List<HasMetadata> objects = PodchainChart.objects(values);
        statefulSet = one(objects, StatefulSet.class);
        secrets = secrets(objects);
        serviceName = PodchainChart.env(statefulSet).get("PODCHAIN_DISCOVERY_DNS_NAME");
        api = new PodApi(node());
        memoryLimitBytes = Quantity.getAmountInBytes(node().getResources().getLimits().get("memory")).longValue();

        docker.removeLabelled();
        docker.run("network", "create", "--internal", "--label", docker.label(), NETWORK);
        // the network safety of the whole stage rests on this: no route out of the network
        assertThat(docker.inspect(NETWORK, "{{.Internal}}")).isEqualTo("true");
    }

    @AfterAll
    void keepLogsAndRemoveEverything() {
        Path logs = Stage.out().resolve("logs");
        pods.forEach(pod -> pod.saveLogs(logs));
        others.forEach(pod -> pod.saveLogs(logs));
        figures.write(docker, Stage.nodeImage(), memoryLimitBytes);
        docker.removeLabelled();
    }

    @Test
    @Order(1)
    void everyPodStartsPassesItsProbesAndTheNodesAgreeOnOneTip() {
        // all at once, as the chart's Parallel pod management starts them
        ExecutorService kubelets = Executors.newFixedThreadPool(REPLICAS);
        try {
            List<CompletableFuture<Void>> starting = new ArrayList<>();
            for (int ordinal = 0; ordinal < REPLICAS; ordinal++) {
                ChartPod pod = newPod(ordinal);
                starting.add(CompletableFuture.runAsync(() -> {
                    long launched = launch(pod);
                    awaitReady(pod);
                    figures.startToReady(pod.name(), Duration.ofNanos(System.nanoTime() - launched).toMillis());
                }, kubelets));
            }
            starting.forEach(CompletableFuture::join);
        } finally {
            kubelets.shutdownNow();
        }
        for (ChartPod pod : pods) {
            assertThat(kubelet.passes(pod, node(), node().getLivenessProbe())).as("liveness of %s", pod.name())
                    .isTrue();
            assertThat(kubelet.passes(pod, pod.container("postgres"), pod.container("postgres").getLivenessProbe()))
                    .as("the sidecar's liveness in %s", pod.name()).isTrue();
        }
        awaitOneTip();
        // the nodes find each other through the Service name alone: a full mesh
        await("every node connected to every other").atMost(Duration.ofMinutes(1)).pollInterval(Kubelet.POLL)
                .until(() -> pods.stream().allMatch(p -> json(get(p, "/api/sync")).get("peers").asInt()
                        == REPLICAS - 1));
        // the chart's default: one JSON object per log line, for a log collector
        String log = docker.run("logs", pods.get(0).containerName("podchain"));
        List<String> lines = log.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(json(line).has("message")).as(line).isTrue());
        // the image's platform carries libsecp256k1; /tmp is noexec here (ChartPod), so it loads only from the
        // chart's executable emptyDir, and the self-check at start proved it runs
        assertThat(lines).as("which implementation verifies signatures").anySatisfy(line -> assertThat(
                json(line).get("message").asText()).startsWith("Signatures are verified by libsecp256k1"));
        for (ChartPod pod : pods) {
            assertThat(json(get(pod, "/api/node")).get("signatureVerifier").asText()).as("verifier of %s", pod.name())
                    .isEqualTo("libsecp256k1");
        }
        figures.sampleMemory(pods, "podchain");
    }

    @Test
    @Order(2)
    void aMessageSubmittedOnOnePodIsConfirmedOnAll() {
        String id = submit(pods.get(0), "confirmed everywhere");
        awaitConfirmedOnAll(id);
        awaitOneTip();
    }

    @Test
    @Order(3)
    void aNodeKilledWithSigkillRestartsAndCatchesUpWithoutLosingAnAcknowledgedMessage() {
        ChartPod victim = pods.get(1);
        String acknowledged = submit(victim, "acknowledged just before the kill");
        docker.run("kill", "--signal", "KILL", victim.containerName("podchain"));
        assertThat(docker.run("wait", victim.containerName("podchain"))).as("exit code").isEqualTo("137");
        String meanwhile = submit(pods.get(0), "while a node is down");
        await("the message mined while a node is down").atMost(Duration.ofMinutes(1)).pollInterval(Kubelet.POLL)
                .until(() -> api.status(pods.get(2), meanwhile).equals("CONFIRMED"));

        // the kubelet restarts the container: same spec, same volumes
        docker.run("start", victim.containerName("podchain"));
        kubelet.awaitStarted(victim, node());
        awaitReady(victim);
        awaitConfirmedOnAll(meanwhile);
        awaitConfirmedOnAll(acknowledged);
        awaitOneTip();
        ChainChecks.assertConsistent(path -> get(victim, path), PARAMS);
        figures.sampleMemory(pods, "podchain");
    }

    @Test
    @Order(4)
    void aKilledDatabaseSidecarTakesItsNodeOutOfReadinessUntilItIsBack() {
        ChartPod pod = pods.get(2);
        Container postgres = pod.container("postgres");
        docker.run("kill", "--signal", "KILL", pod.containerName("postgres"));
        docker.run("wait", pod.containerName("postgres"));
        await("readiness of " + pod.name() + " without its database").atMost(Duration.ofMinutes(1))
                .pollInterval(Kubelet.POLL).until(() -> !ready(pod));
        assertThat(kubelet.passes(pod, node(), node().getLivenessProbe()))
                .as("a node whose database is down is unready, not restarted").isTrue();

        docker.run("start", pod.containerName("postgres"));
        kubelet.awaitStarted(pod, postgres);
        awaitReady(pod);
        awaitOneTip();
        ChainChecks.assertConsistent(path -> get(pod, path), PARAMS);
        String id = submit(pod, "after the database came back");
        awaitConfirmedOnAll(id);
    }

    @Test
    @Order(5)
    void aStoppedNodeTurnsUnreadyFirstTellsItsPeersAndExitsWithinTheGracePeriod() {
        ChartPod pod = pods.get(1);
        long grace = statefulSet.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        int goingAwayBefore = count(docker.run("logs", pods.get(0).containerName("podchain")), "is going away");

        // the kubelet runs preStop, then sends SIGTERM and waits at most the rest of the grace period
        long started = System.nanoTime();
        List<String> preStop = new ArrayList<>(List.of("exec", pod.containerName("podchain")));
        preStop.addAll(node().getLifecycle().getPreStop().getExec().getCommand());
        assertThat(docker.tryRun(preStop.toArray(String[]::new)).ok()).as("the preStop hook runs").isTrue();
        assertThat(ready(pod)).as("serving while the Services drop the pod").isTrue();
        long left = grace - Duration.ofNanos(System.nanoTime() - started).toSeconds();
        ExecutorService terminator = Executors.newSingleThreadExecutor();
        List<String> readiness = new ArrayList<>();
        try {
            Future<String> stop = terminator.submit(() -> docker.run("stop", "--time", Long.toString(left),
                    pod.containerName("podchain")));
            while (!stop.isDone()) {
                readiness.add(kubelet.get(pod, node(), node().getReadinessProbe())
                        .map(a -> Integer.toString(a.status())).orElse("none"));
                awaitQuietly(stop, Kubelet.POLL.dividedBy(4));
            }
            stop.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            terminator.shutdownNow();
        }
        long stopped = Duration.ofNanos(System.nanoTime() - started).toMillis();

        List<String> changes = readiness.stream().distinct().toList();
        assertThat(changes).as("readiness while stopping, in order of change").contains("503");
        int down = readiness.indexOf("503");
        assertThat(readiness.subList(down, readiness.size())).as("once down, it stays down").doesNotContain("200");
        if (readiness.contains("none")) {
            assertThat(down).as("DOWN before the server stops answering").isLessThan(readiness.indexOf("none"));
        }
        assertThat(docker.inspect(pod.containerName("podchain"), "{{.State.ExitCode}}"))
                .as("exited by itself (143: SIGTERM), not killed at the end of the grace period (137)")
                .isIn("0", "143");
        assertThat(stopped).as("preStop + shutdown within terminationGracePeriodSeconds")
                .isLessThan(Duration.ofSeconds(grace).toMillis());
        await("the peers to log the going-away close").atMost(Duration.ofSeconds(30)).pollInterval(Kubelet.POLL)
                .until(() -> count(docker.run("logs", pods.get(0).containerName("podchain")), "is going away")
                        > goingAwayBefore);
        assertThat(count(docker.run("logs", pods.get(0).containerName("podchain")), "is going away"))
                .as("one close: a peer does not redial a node that is going away (it would only be refused)")
                .isEqualTo(goingAwayBefore + 1);
        System.out.printf("[container stage] docker stop of a node: preStop + shutdown took %d ms (grace %d s)%n",
                stopped, grace);

        docker.run("start", pod.containerName("podchain"));
        kubelet.awaitStarted(pod, node());
        awaitReady(pod);
        awaitOneTip();
        ChainChecks.assertConsistent(path -> get(pod, path), PARAMS);
    }

    @Test
    @Order(6)
    void aPodAddedLaterCatchesUpALongChainBeforeItTurnsReady() {
        String token = secrets.values().stream().filter(s -> s.containsKey("admin-token")).findFirst().orElseThrow()
                .get("admin-token");
        ChartPod miner = pods.get(0);
        while (height(miner) < LONG_CHAIN) {
            HttpResponse<String> mined = api.post(miner, "/api/mine", "", token);
            // 429: this loop is one client asking as fast as it can, beyond its share; it asks again
            assertThat(mined.statusCode()).as(mined.body()).isIn(200, 429, 503);
        }
        long target = awaitOneTip();
        assertThat(target).isGreaterThanOrEqualTo(LONG_CHAIN);

        ChartPod added = newPod(REPLICAS);
        long launched = launch(added);
        List<JsonNode> answers = new ArrayList<>();
        await(added.name() + " to catch up and turn ready").atMost(Duration.ofMinutes(5)).pollInterval(Kubelet.POLL)
                .until(() -> {
                    var answer = kubelet.get(added, node(), node().getReadinessProbe());
                    answer.ifPresent(a -> answers.add(json(a.body())));
                    return answer.map(Kubelet.Answer::passed).orElse(false);
                });
        figures.startToReady(added.name() + " (scale-up, " + target + " blocks)",
                Duration.ofNanos(System.nanoTime() - launched).toMillis());
        int maxBehind = Integer.parseInt(PodchainChart.env(statefulSet).get("PODCHAIN_READINESS_MAX_BLOCKS_BEHIND"));
        JsonNode firstReady = sync(answers.get(answers.size() - 1));
        assertThat(firstReady.get("height").asLong()).as("height when first ready")
                .isGreaterThanOrEqualTo(target - maxBehind);
        assertThat(answers.subList(0, answers.size() - 1)).as("unready answers before, while behind")
                .anySatisfy(a -> assertThat(sync(a).get("height").asLong()).isLessThan(target - maxBehind));
        awaitOneTip();
        ChainChecks.assertConsistent(path -> get(added, path), PARAMS);
        figures.sampleMemory(pods, "podchain");
    }

    /**
     * An attacker in the cluster attacks one pod at its memory limit, from the test host's address on the internal
     * network, each attack bounded. Without the release's cluster secret (generated by the chart, shared by the
     * pods) it is refused at the channel's first message; with it (a compromised member): fresh keys that ask for
     * pages of the long chain and never read, a crowd of API requests that never read their answers, event streams
     * nobody reads, then frames of 3 MB before any proof. Meanwhile and afterwards the pod is never OOM-killed, its
     * resident memory stays under the limit, it keeps its peers, passes its readiness probe and confirms a new
     * message on every node.
     */
    /** The release's cluster secret, as the chart generated it and every pod reads it. */
    private String clusterSecret() {
        return secrets.values().stream().filter(s -> s.containsKey("cluster-secret")).findFirst().orElseThrow()
                .get("cluster-secret");
    }

    @Test
    @Order(7)
    void aStrangerCannotPushAPodOverItsMemoryLimitNorOutOfTheNetwork() throws Exception {
        ChartPod target = pods.get(0);
        JsonNode chain = api.chain(target);
        int port = Kubelet.port(node(), new io.fabric8.kubernetes.api.model.IntOrString("http"));
        String genesis = chain.get("genesisHash").asText();
        List<String> hashes = new ArrayList<>();
        for (JsonNode block : json(get(target, "/api/blocks?fromHeight=1&limit=500")).get("blocks")) {
            hashes.add("\"" + block.get("hash").asText() + "\"");
        }
        String askBlocks = "{\"type\":\"GET_BLOCKS\",\"hashes\":[" + String.join(",", hashes) + "]}";
        // without the release's cluster secret nothing gets past the channel's first message
        try (io.podchain.testing.RogueClient stranger = io.podchain.testing.RogueClient.connected(null, target.ip(),
                port, io.podchain.p2p.Membership.of(java.util.Optional.empty()))) {
            assertThat(stranger.openChannel()).as("a stranger without the cluster secret").isFalse();
            assertThat(stranger.closeReason()).isEqualTo(io.podchain.p2p.SecureChannel.NOT_A_MEMBER_REASON);
        }
        // the rest of the attack is a member's (a compromised pod of the release): bounded all the same
        io.podchain.p2p.Membership member = io.podchain.p2p.Membership.of(java.util.Optional.of(clusterSecret()));
        List<AutoCloseable> held = new ArrayList<>();
        try {
            // 4 fresh keys (the most one address may hold), each asking for 300 pages and reading none
            for (int i = 0; i < io.podchain.p2p.P2pLimits.MAX_INBOUND_PER_IP; i++) {
                io.podchain.testing.RogueClient rogue = io.podchain.testing.RogueClient.member(null, target.ip(), port,
                        m -> null, member);
                held.add(rogue);
                rogue.hello(chain.get("networkId").asText(), genesis, TestBlocks.key("stage-stranger-" + i),
                        "10.0.0.1:1", 0, genesis, "1");
                rogue.next("HELLO");
                rogue.pauseReading();
                for (int k = 0; k < 300; k++) {
                    rogue.send(askBlocks);
                }
            }
            // 300 API requests for the largest page, on connections that never read, and 8 event streams nobody
            // reads, beside the 4 peers: the address keeps 32 connections in all, the rest is answered 429 and closed
            for (int i = 0; i < 300 + 8; i++) {
                java.net.Socket socket = new java.net.Socket(target.ip(), port);
                held.add(socket);
                String path = i < 300 ? "/api/messages?party=" + client.publicKey().toHex() + "&limit=100"
                        : "/api/events";
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + target.ip()
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            figures.sampleMemory(pods, "podchain");
            // frames of 3 MB before any handshake, on the two handshakes one address may hold
            String large = "{\"type\":\"REJECT\",\"code\":\"X\",\"reason\":\""
                    + "r".repeat(io.podchain.p2p.P2pLimits.MAX_MESSAGE_CHARS - 100) + "\"}";
            // this address holds its share of connections (podchain.api.client-connections; the rest of the 300 were
            // answered 429 and closed): give them back, and wait until the node has counted them closed
            for (AutoCloseable c : List.copyOf(held)) {
                c.close();
            }
            for (int i = 0; i < io.podchain.p2p.P2pLimits.MAX_UNPROVEN_PER_IP; i++) {
                try (io.podchain.testing.RogueClient flooder = await("room for this address's next connection")
                        .atMost(Duration.ofMinutes(1)).pollInterval(Kubelet.POLL)
                        .ignoreExceptionsMatching(e -> String.valueOf(e.getMessage()).contains("upgrade failure: 429"))
                        .until(() -> io.podchain.testing.RogueClient.member(null, target.ip(), port, m -> null, member),
                                java.util.Objects::nonNull)) {
                    flooder.send(large);
                    flooder.send(large);
                    flooder.awaitClosed();
                }
            }
            figures.sampleMemory(pods, "podchain");
            assertThat(ready(target)).as("readiness while attacked").isTrue();
        } finally {
            for (AutoCloseable c : held) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // already closed by the node
                }
            }
        }
        figures.sampleMemory(pods, "podchain");
        assertThat(docker.inspect(target.containerName("podchain"), "{{.State.OOMKilled}}")).isEqualTo("false");
        assertThat(docker.inspect(target.containerName("podchain"), "{{.State.Running}}")).isEqualTo("true");
        assertThat(figures.maxRssBytes().get(target.name())).as("RSS of the attacked pod").isLessThan(memoryLimitBytes);
        awaitReady(target);
        await("the attacked pod keeps its peers").atMost(Duration.ofMinutes(1)).pollInterval(Kubelet.POLL)
                .until(() -> kubelet.get(target, node(), node().getReadinessProbe())
                        .map(answer -> sync(json(answer.body())).get("peers").asInt() >= pods.size() - 1)
                        .orElse(false));
        awaitConfirmedOnAll(submit(target, "after the stranger"));
        System.out.printf("[container stage] attacked pod: resident memory peaked at %d MiB (limit %d MiB)%n",
                figures.maxRssBytes().get(target.name()) >> 20, memoryLimitBytes >> 20);
    }

    @Test
    @Order(9)
    void everyNodeStaysUnderTheChartsMemoryLimit() {
        figures.sampleMemory(pods, "podchain");
        assertThat(figures.maxRssBytes()).hasSize(pods.size());
        assertThat(figures.maxRssBytes()).allSatisfy((pod, rss) -> assertThat(rss).as("RSS of %s", pod)
                .isLessThan(memoryLimitBytes));
        for (ChartPod pod : pods) {
            assertThat(docker.inspect(pod.containerName("podchain"), "{{.State.OOMKilled}}")).isEqualTo("false");
        }
    }

    @Test
    @Order(10)
    void withoutADatabaseTheImageSaysWhatToConfigure() {
        Docker.Result result = docker.tryRun("run", "--rm", "--label", docker.label(), "--network", NETWORK,
                "--read-only", "--tmpfs", "/tmp", "--user", "185", Stage.nodeImage());
        assertThat(result.exitCode()).isEqualTo(78);
        assertThat(result.out() + result.err()).contains("no database configured", "QUARKUS_DATASOURCE_JDBC_URL");
    }

    /**
     * {@code helm upgrade} with new values (a fourth replica recorded, fewer inbound peers): Helm applies the
     * upgraded templates but runs no pre-install hook, so the Secret with the generated cluster secret stays as
     * installed, although the upgrade's render carries a new random one. The StatefulSet rolls from its highest
     * ordinal: that pod, recreated from the upgraded template on its volumes with the kept Secret, runs with the new
     * value and rejoins every peer. Then a container outside the release, on the same network, with the node image
     * and the release's settings but no cluster secret, answers to the Service's name: it dials the pods and they
     * dial it, and it never becomes a peer; both sides log why.
     */
    @Test
    @Order(8)
    void anUpgradeKeepsTheClusterSecretAndAnOutsiderNeverBecomesAPeer() {
        Map<String, Object> upgrade = new HashMap<>(installValues);
        upgrade.put("replicas", pods.size());
        upgrade.put("p2p.maxInbound", 24);
        List<HasMetadata> upgraded = PodchainChart.objects(upgrade);
        Secret rendered = upgraded.stream().filter(Secret.class::isInstance).map(Secret.class::cast)
                .filter(secret -> secret.getData().containsKey("cluster-secret")).findFirst().orElseThrow();
        assertThat(rendered.getMetadata().getAnnotations()).as("created at install only, never on upgrade")
                .containsEntry("helm.sh/hook", "pre-install");
        assertThat(secrets(upgraded).get(rendered.getMetadata().getName()).get("cluster-secret"))
                .as("the upgrade's render has a secret of its own, which Helm does not apply")
                .isNotEqualTo(clusterSecret());
        StatefulSet next = one(upgraded, StatefulSet.class);

        int last = pods.size() - 1;
        ChartPod old = pods.get(last);
        old.saveLogs(Stage.out().resolve("logs").resolve("before-upgrade"));
        old.delete();
        ChartPod rolled = new ChartPod(docker, next.getSpec().getTemplate().getSpec(),
                next.getSpec().getVolumeClaimTemplates(), next.getMetadata().getName(), last,
                next.getMetadata().getNamespace(), secrets);
        pods.set(last, rolled);
        launch(rolled);
        awaitReady(rolled);
        assertThat(rolled.environment(PodchainChart.nodeContainer(next))).as("the upgraded values")
                .containsEntry("PODCHAIN_P2P_MAX_INBOUND", "24")
                .containsEntry("PODCHAIN_P2P_CLUSTER_SECRET", clusterSecret());
        await("the rolled pod connected to every other").atMost(Duration.ofMinutes(1)).pollInterval(Kubelet.POLL)
                .until(() -> pods.stream().allMatch(p -> json(get(p, "/api/sync")).get("peers").asInt()
                        == pods.size() - 1));
        awaitConfirmedOnAll(submit(rolled, "after the upgrade"));

        PodSpec withoutSecret = new PodSpecBuilder(statefulSet.getSpec().getTemplate().getSpec()).build();
        withoutSecret.getContainers().stream().filter(c -> c.getName().equals("podchain")).findFirst().orElseThrow()
                .getEnv().removeIf(variable -> variable.getName().equals("PODCHAIN_P2P_CLUSTER_SECRET"));
        ChartPod outsider = new ChartPod(docker, withoutSecret, statefulSet.getSpec().getVolumeClaimTemplates(),
                "outsider", 0, statefulSet.getMetadata().getNamespace(), secrets);
        others.add(outsider);
        launch(outsider);
        assertThat(outsider.environment(outsider.container("podchain"))).doesNotContainKey(
                "PODCHAIN_P2P_CLUSTER_SECRET");
        await("the outsider to be refused by the pods, and the pods by the outsider").atMost(Duration.ofMinutes(1))
                .pollInterval(Kubelet.POLL).until(() -> {
                    String outsiderLog = docker.run("logs", outsider.containerName("podchain"));
                    return outsiderLog.contains("refused this node: not a member of this network")
                            && outsiderLog.contains("Refused inbound")
                            && pods.stream().anyMatch(p -> docker.run("logs", p.containerName("podchain")).lines()
                                    .anyMatch(line -> line.contains("Refused inbound " + outsider.ip())
                                            && line.contains("not a member of this network")));
                });
        assertThat(json(get(outsider, "/api/sync")).get("peers").asInt()).as("the outsider's peers").isZero();
        assertThat(ready(outsider)).as("an outsider without peers is not ready").isFalse();
        for (ChartPod pod : pods) {
            assertThat(json(get(pod, "/api/sync")).get("peers").asInt()).as("peers of %s", pod.name())
                    .isEqualTo(pods.size() - 1);
            assertThat(get(pod, "/api/peers")).as("%s's peer book", pod.name())
                    .doesNotContain("\"" + outsider.ip() + ":");
        }
        outsider.saveLogs(Stage.out().resolve("logs"));
        outsider.delete();
        others.remove(outsider);
    }

    // --- the cluster

    private static Map<String, Map<String, String>> secrets(List<HasMetadata> objects) {
        Map<String, Map<String, String>> decoded = new HashMap<>();
        for (HasMetadata object : objects) {
            if (object instanceof Secret secret) {
                Map<String, String> keys = new HashMap<>();
                secret.getData().forEach((k, v) -> keys.put(k, new String(Base64.getDecoder().decode(v),
                        StandardCharsets.UTF_8)));
                decoded.put(secret.getMetadata().getName(), keys);
            }
        }
        return decoded;
    }

    private Container node() {
        return PodchainChart.nodeContainer(statefulSet);
    }

    private ChartPod newPod(int ordinal) {
        ChartPod pod = new ChartPod(docker, statefulSet.getSpec().getTemplate().getSpec(),
                statefulSet.getSpec().getVolumeClaimTemplates(), statefulSet.getMetadata().getName(), ordinal,
                statefulSet.getMetadata().getNamespace(), secrets);
        pods.add(pod);
        return pod;
    }

    /**
     * Starts a pod as the kubelet does: sandbox, native sidecars (each started before the next), then the node,
     * which must pass its startup probe. Returns when the node container was started (System.nanoTime()).
     */
    private long launch(ChartPod pod) {
        pod.createSandbox(NETWORK, serviceName);
        for (Container sidecar : pod.sidecars()) {
            pod.run(sidecar);
            kubelet.awaitStarted(pod, sidecar);
        }
        long launched = System.nanoTime();
        pod.containers().forEach(pod::run);
        kubelet.awaitStarted(pod, node());
        return launched;
    }

    /** Waits for a future at most {@code atMost}: paces a loop that samples while the future runs. */
    private static void awaitQuietly(Future<?> future, Duration atMost) {
        try {
            future.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // still running, or failed: the caller's get() reports a failure
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean ready(ChartPod pod) {
        return kubelet.passes(pod, node(), node().getReadinessProbe());
    }

    private void awaitReady(ChartPod pod) {
        await(pod.name() + " to turn ready").atMost(Duration.ofMinutes(3)).pollInterval(Kubelet.POLL)
                .until(() -> ready(pod));
    }

    /** Every node on the same tip; returns its height. */
    private long awaitOneTip() {
        List<String> tips = new ArrayList<>();
        await("one tip on every node").atMost(Duration.ofMinutes(3)).pollInterval(Kubelet.POLL).until(() -> {
            tips.clear();
            for (ChartPod pod : pods) {
                JsonNode chain = api.chain(pod);
                tips.add(chain.get("height").asLong() + "/" + chain.get("tipHash").asText());
            }
            return tips.stream().distinct().count() == 1;
        });
        return Long.parseLong(tips.get(0).split("/")[0]);
    }

    private long height(ChartPod pod) {
        return api.chain(pod).get("height").asLong();
    }

    private static JsonNode sync(JsonNode health) {
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").asText().equals("podchain-sync")) {
                return check.get("data");
            }
        }
        throw new AssertionError("no podchain-sync check in " + health);
    }

    private String submit(ChartPod pod, String content) {
        return api.submit(pod, client, content);
    }

    private void awaitConfirmedOnAll(String id) {
        await("message " + id + " confirmed on every node").atMost(Duration.ofMinutes(2)).pollInterval(Kubelet.POLL)
                .until(() -> pods.stream().allMatch(p -> api.status(p, id).equals("CONFIRMED")));
    }

    private String get(ChartPod pod, String path) {
        return api.get(pod, path);
    }

    private static JsonNode json(String text) {
        return PodApi.json(text);
    }

    private static int count(String text, String part) {
        return (text.length() - text.replace(part, "").length()) / part.length();
    }

    private static String[] splitImage(String image) {
        int colon = image.lastIndexOf(':');
        return new String[] {image.substring(0, colon), image.substring(colon + 1)};
    }
}
