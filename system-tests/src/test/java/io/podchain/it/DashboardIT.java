package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.podchain.api.ApiLimits;
import io.podchain.testing.ChainChecks;
import io.podchain.testing.NodeProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser (Debian's chromium, headless, driven by Selenium through Debian's chromedriver)
 * against a real 3-node network: the graph shows the nodes and their connections, a message sent from the page is
 * listed and turns CONFIRMED without a reload. A screenshot of each view is kept in target/dashboard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {
    /** This class's loopback addresses (see TestNetwork). */
    private static final String NET = TestNetwork.DASHBOARD;
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "dashboard");
    private static final String TOKEN = "dashboard-test-operator-token";
    private static final Duration LIVE = Duration.ofSeconds(60);

    @TempDir
    static Path home;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private WebDriver browser;

    @BeforeAll
    void startNetworkAndBrowser() {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("Debian's chromium and chromium-driver are installed (.ci/run installs them: apt-get install"
                        + " chromium chromium-driver)").isTrue();
        List<String> hosts = List.of(NET + "2", NET + "3", NET + "4");
        int port = NodeProcess.portFreeOnAll(hosts);
        String all = hosts.stream().map(h -> h + ":" + port).collect(Collectors.joining(","));
        for (String host : hosts) {
            Map<String, String> env = new HashMap<>(TestNetwork.ENV);
            env.put("PODCHAIN_MINING_AUTO", "true");
            env.put("PODCHAIN_API_ADMIN_TOKEN", TOKEN);
            env.put("PODCHAIN_DISCOVERY_PEERS", all);
            nodes.add(new NodeProcess(home.resolve(host), host, port, env));
        }
        nodes.forEach(NodeProcess::launch);
        nodes.forEach(NodeProcess::awaitServing);
        live("a full mesh").until(() -> nodes.stream().allMatch(n ->
                ChainChecks.json(n.get("/api/sync").body()).get("peers").asInt() == 2));

        // the flags keep chromium from calling home (background networking, component updates, sync, QUIC)
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--user-data-dir=" + home.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        for (NodeProcess node : nodes) {
            node.close();
        }
    }

    /** Mines a block on {@code node} (an operator action) without the browser: the chain moves on by itself. */
    private static void mine(NodeProcess node) {
        try {
            HttpResponse<String> mined = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(node.baseUrl() + "/api/mine")).header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(mined.statusCode()).as(mined.body()).isEqualTo(200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for what the page shows; the page redraws as events arrive, so an element read may have just gone. */
    private static ConditionFactory live(String alias) {
        return await(alias).atMost(LIVE).ignoreException(StaleElementReferenceException.class);
    }

    private List<WebElement> all(String css) {
        return browser.findElements(By.cssSelector(css));
    }

    private void show(String view) {
        browser.findElement(By.cssSelector("nav button[data-view='" + view + "']")).click();
        live(view + " view shown").until(() -> browser.findElement(By.id("view-" + view)).isDisplayed());
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Opens one event stream from the test's own address and keeps it; refused streams are closed at once. */
    private static Optional<HttpResponse<InputStream>> holdStream(NodeProcess node) {
        try {
            HttpResponse<InputStream> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/events")).build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() == 200) {
                return Optional.of(response);
            }
            response.body().close();
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A page refused its event stream (its address already holds {@link ApiLimits#MAX_STREAMS_PER_CLIENT}) says so
     * and reconnects by itself, with backoff, once a place is free: EventSource alone would never retry a 429.
     */
    @Test
    void aPageRefusedItsStreamReconnectsOnceAPlaceIsFree() throws IOException {
        // a node whose page no other test opened: a page left behind may keep its stream (the browser's page cache)
        NodeProcess node = nodes.get(2);
        List<HttpResponse<InputStream>> held = new ArrayList<>();
        try {
            for (int i = 0; i < ApiLimits.MAX_STREAMS_PER_CLIENT; i++) {
                held.add(holdStream(node).orElseThrow());
            }
            assertThat(holdStream(node)).as("a fifth stream from one address").isEmpty();
            browser.get(node.baseUrl() + "/");
            live("the page shows its stream refused").until(() -> "lost".equals(
                    browser.findElement(By.id("connection")).getAttribute("data-state")));
            screenshot("refused");
        } finally {
            for (HttpResponse<InputStream> stream : held) {
                stream.body().close();
            }
        }
        live("the page live again, without a reload").until(() -> "live".equals(
                browser.findElement(By.id("connection")).getAttribute("data-state")));
    }

    @Test
    void theDashboardShowsTheNetworkAndFollowsAMessageToConfirmation() throws IOException {
        browser.get(nodes.get(0).baseUrl() + "/");
        live("the live stream").until(() -> "live".equals(browser.findElement(By.id("connection"))
                .getAttribute("data-state")));

        // network: three nodes, three connections (the complete graph of three), this node marked
        live("3 nodes and 3 edges in the graph").until(() ->
                all("#network-graph g[data-node]").size() == 3 && all("#network-graph line[data-edge]").size() == 3);
        assertThat(all("#network-graph g.self")).hasSize(1);
        // every node with its height, sync state and readiness (the peers' as they report them)
        live("every node's state and readiness").until(() -> all("#network-nodes tbody tr").size() == 3
                && all("#network-nodes td[data-field='state']").stream().allMatch(c -> c.getText().equals("IN_SYNC"))
                && all("#network-nodes td[data-field='readiness']").stream()
                        .allMatch(c -> c.getText().startsWith("UP")));
        screenshot("network");

        // send from the page; the status follows the message to CONFIRMED, pushed by the node
        show("send");
        browser.findElement(By.id("send-recipient")).sendKeys("dashboard-reader");
        browser.findElement(By.id("send-content")).sendKeys("sent from the dashboard");
        browser.findElement(By.id("send-token")).sendKeys(TOKEN);
        browser.findElement(By.cssSelector("#send-form button[type='submit']")).click();
        String id = live("the message accepted").until(() -> all("#send-result [data-message]").stream()
                .findFirst().map(e -> e.getAttribute("data-message")).orElse(null), java.util.Objects::nonNull);
        live("the message confirmed, without a reload").until(() ->
                "CONFIRMED".equals(all("#send-result [data-status]").get(0).getAttribute("data-status")));
        screenshot("send");

        // chain: its block is listed, and the message is found by id with its confirmations
        String height = ChainChecks.json(nodes.get(0).get("/api/messages/" + id).body()).get("height").asText();
        show("chain");
        live("block " + height + " listed").until(() ->
                !all("#blocks tbody tr[data-height='" + height + "']").isEmpty());
        browser.findElement(By.id("search")).sendKeys(id);
        browser.findElement(By.cssSelector("#search-form button")).click();
        live("the message found by id").until(() ->
                browser.findElement(By.id("search-result")).getText().contains("sent from the dashboard"));
        assertThat(browser.findElement(By.id("search-result")).getText()).contains("CONFIRMED", "confirmations");
        screenshot("chain");

        // this node: in sync, two peers with their round trips, and a chart once there are a few blocks
        for (int i = 0; i < 5; i++) {
            mine(nodes.get(1));
        }
        String tip = ChainChecks.json(nodes.get(1).get("/api/chain").body()).get("height").asText();
        show("node");
        live("the node's status").until(() ->
                browser.findElement(By.cssSelector("#node-status dd[data-field='sync state']")).getText()
                        .equals("IN_SYNC") && all("#peers tbody tr").size() == 2
                        && browser.findElement(By.cssSelector("#node-status dd[data-field='height']")).getText()
                                .equals(tip)
                        && browser.findElement(By.cssSelector("#node-status dd[data-field='readiness']")).getText()
                                .startsWith("UP"));
        assertThat(all("#block-chart polyline")).as("difficulty and block time drawn").hasSize(2);
        screenshot("node");
    }
}
