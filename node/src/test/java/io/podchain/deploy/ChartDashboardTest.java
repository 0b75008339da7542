package io.podchain.deploy;

import static io.podchain.deploy.KubernetesManifests.all;
import static io.podchain.deploy.KubernetesManifests.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.podchain.testing.Api;
import io.podchain.testing.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart's Grafana dashboard: a ConfigMap the dashboard sidecar picks up, with the panels an operator looks for,
 * whose every query names a metric this running node exports on {@code /q/metrics}, so that a renamed meter fails
 * the build instead of leaving an empty panel.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class ChartDashboardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A metric in a query: a name directly before its label selector (every query here selects by pod). */
    private static final Pattern SELECTED = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");
    /** A name in {@code label_values(metric, label)}. */
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
    /** Every identifier outside quotes and braces: functions, keywords, and metrics without a selector. */
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "by", "rate", "increase",
            "histogram_quantile", "label_values", "and", "or", "unless", "without", "avg", "count");

    private static JsonNode dashboard(Map<String, Object> values) throws Exception {
        ConfigMap map = one(PodchainChart.objects(values), ConfigMap.class);
        return JSON.readTree(map.getData().get("podchain.json"));
    }

    private static JsonNode dashboard() throws Exception {
        return dashboard(Map.of("metrics.grafanaDashboard.enabled", true));
    }

    private static List<String> queries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(t -> queries.add(t.path("expr")
                .asText())));
        dashboard.at("/templating/list").forEach(variable -> {
            if (variable.path("type").asText().equals("query")) {
                queries.add(variable.at("/query/query").asText());
            }
        });
        return queries;
    }

    /** The metric names of one query; fails on a bare identifier that is neither PromQL nor a selected metric. */
    private static Set<String> metrics(String query) {
        Set<String> names = new TreeSet<>();
        Matcher selected = SELECTED.matcher(query);
        while (selected.find()) {
            names.add(selected.group(1));
        }
        Matcher labelValues = LABEL_VALUES.matcher(query);
        while (labelValues.find()) {
            names.add(labelValues.group(1));
        }
        String outside = query.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
                .replaceAll("\"[^\"]*\"", " ").replaceAll("\\([^(),]*,\\s*([a-zA-Z_]+)\\)", " ");
        Matcher identifiers = IDENTIFIER.matcher(outside);
        while (identifiers.find()) {
            String word = identifiers.group();
            assertThat(PROMQL_WORDS.contains(word) || names.contains(word) || isLabelInBy(query, word))
                    .as("'%s' in %s is neither PromQL nor a metric with a selector", word, query).isTrue();
        }
        return names;
    }

    private static boolean isLabelInBy(String query, String word) {
        return Pattern.compile("by \\([^)]*\\b" + Pattern.quote(word) + "\\b[^)]*\\)").matcher(query).find()
                || Pattern.compile("label_values\\([^)]*,\\s*" + Pattern.quote(word) + "\\s*\\)").matcher(query).find();
    }

    @Test
    void everyQueryNamesAMetricThisNodeExports() throws Exception {
        Api.mine();
        Api.chain();
        String exported = Api.management().get("/q/metrics").then().statusCode(200).extract().asString();
        Set<String> names = new TreeSet<>();
        for (String line : exported.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        List<String> queries = queries(dashboard());
        assertThat(queries).hasSizeGreaterThan(15);
        Set<String> used = new TreeSet<>();
        for (String query : queries) {
            Set<String> metrics = metrics(query);
            assertThat(metrics).as("a query without a metric: %s", query).isNotEmpty();
            used.addAll(metrics);
        }
        assertThat(names).as("every metric the dashboard queries is exported").containsAll(used);
        // each query selects the dashboard's namespace and pods
        queries.stream().filter(q -> !q.startsWith("label_values")).forEach(q -> assertThat(q)
                .as(q).contains("namespace=\"$namespace\", pod=~\"$pod\""));
    }

    @Test
    void thePanelsAnOperatorLooksFor() throws Exception {
        JsonNode dashboard = dashboard();
        List<String> titles = new ArrayList<>();
        dashboard.path("panels").forEach(p -> titles.add(p.path("title").asText()));
        assertThat(titles).contains("Ready pods", "Readiness per pod", "Sync state per pod", "Chain height",
                "Blocks behind", "Peers", "Block propagation", "Block apply", "Pending pool", "API requests",
                "API refusals", "Peer refusals", "Bans", "JVM memory against the pod's limit");
        dashboard.path("panels").forEach(p -> {
            if (!p.path("type").asText().equals("row")) {
                assertThat(p.path("description").asText()).as(p.path("title").asText()).isNotBlank();
                assertThat(p.at("/datasource/uid").asText()).isEqualTo("${datasource}");
            }
        });
        assertThat(dashboard.path("uid").asText()).isEqualTo("podchain-overview");
        Set<Integer> ids = new TreeSet<>();
        dashboard.path("panels").forEach(p -> ids.add(p.path("id").asInt()));
        assertThat(ids).as("ids unique").hasSize(dashboard.path("panels").size());
    }

    @Test
    void theConfigMapIsOffByDefaultAndLabelledForTheSidecarWhenOn() throws Exception {
        List<HasMetadata> off = PodchainChart.objects(Map.of());
        assertThat(all(off, ConfigMap.class)).isEmpty();

        ConfigMap on = one(PodchainChart.objects(Map.of("metrics.grafanaDashboard.enabled", true)), ConfigMap.class);
        assertThat(on.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(on.getMetadata().getNamespace()).isEqualTo(PodchainChart.NAMESPACE);

        ConfigMap elsewhere = one(PodchainChart.objects(Map.of("metrics.grafanaDashboard.enabled", true,
                "metrics.grafanaDashboard.namespace", "monitoring",
                "metrics.grafanaDashboard.annotations.grafana_folder", "podchain")), ConfigMap.class);
        assertThat(elsewhere.getMetadata().getNamespace()).isEqualTo("monitoring");
        assertThat(elsewhere.getMetadata().getAnnotations()).containsEntry("grafana_folder", "podchain");

        assertThatThrownBy(() -> PodchainChart.render(Map.of("metrics.grafanaDashboard.enabld", true)))
                .hasMessageContaining("enabld");
    }
}
