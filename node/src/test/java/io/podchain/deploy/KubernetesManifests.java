package io.podchain.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Multi-document YAML as typed Kubernetes objects (fabric8's model of the Kubernetes API), strictly: a field the
 * API does not know, or a value of the wrong type, ends up in fabric8's "additional properties" and is reported
 * here instead of being silently kept, which is what the API server would reject or drop.
 */
final class KubernetesManifests {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private KubernetesManifests() {
    }

    /** Every non-empty document, as a typed object; fails on anything that is not a valid Kubernetes object. */
    static List<HasMetadata> parseStrictly(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode document : documents(yaml)) {
            String where = document.path("kind").asText("?") + "/" + document.path("metadata").path("name").asText("?");
            Object parsed = SERIALIZATION.unmarshal(document.toString());
            assertThat(parsed).as("%s is a Kubernetes object", where).isInstanceOf(HasMetadata.class);
            assertThat(parsed).as("%s is of a kind the Kubernetes API defines", where)
                    .isNotInstanceOf(GenericKubernetesResource.class);
            List<String> unknown = new ArrayList<>();
            collectUnknownFields(parsed, where, unknown);
            assertThat(unknown).as("fields unknown to the Kubernetes API (or of the wrong type)").isEmpty();
            objects.add((HasMetadata) parsed);
        }
        return objects;
    }

    static List<JsonNode> documents(String yaml) {
        try {
            List<JsonNode> documents = new ArrayList<>();
            for (JsonNode node : YAML.readValues(YAML.getFactory().createParser(yaml), JsonNode.class).readAll()) {
                if (node != null && !node.isNull() && !node.isMissingNode() && node.size() > 0) {
                    documents.add(node);
                }
            }
            return documents;
        } catch (java.io.IOException e) {
            throw new AssertionError("not YAML: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
        List<HasMetadata> found = objects.stream().filter(type::isInstance).toList();
        assertThat(found).as("exactly one %s", type.getSimpleName()).hasSize(1);
        return (T) found.get(0);
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static void collectUnknownFields(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, entry) -> collectUnknownFields(entry, path + "." + key, unknown));
            return;
        }
        if (value instanceof Collection<?> collection) {
            int index = 0;
            for (Object element : collection) {
                collectUnknownFields(element, path + "[" + index++ + "]", unknown);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || Modifier.isStatic(getter.getModifiers()) || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object property = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (property instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra);
                }
            } else {
                collectUnknownFields(property, path + "." + getter.getName().substring(3), unknown);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(getter + " on " + target.getClass(), e);
        }
    }
}
