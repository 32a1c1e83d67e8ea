package org.ecoeval.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * Every manifest under deploy/kubernetes, read with the Kubernetes (fabric8) and Strimzi model classes: a field the
 * models do not know (a typo, a field of another API version) fails here, not in a county's cluster. Then what the
 * services need: probes on the management port, resources, and every configuration key without a usable default.
 */
class ManifestsTest {
    static final Path ROOT = Path.of(System.getProperty("ecoeval.project.root", "../.."));
    static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Map<String, Integer> MANAGEMENT_PORTS = Map.of("submission-service", 9081, "scoring-service", 9082,
            "tracking-service", 9083);
    /** Settings whose empty production value is right: no webhook into private addresses unless a province says so. */
    static final Set<String> MAY_STAY_UNSET = Set.of("ECOEVAL_WEBHOOK_ALLOWED_TARGETS");
    /** A default that only works on a developer's machine (local addresses, the local realm's client and secret). */
    static final Pattern LOCAL_DEFAULT = Pattern.compile("127\\.0\\.0\\.1|localhost|local|ecoeval-cli");
    /** Kinds without Java model classes (CloudNativePG): parsed generically, their spec keys checked here. */
    static final Map<String, Set<String>> GENERIC_SPEC_KEYS = Map.of(
            "postgresql.cnpg.io/v1/Cluster", Set.of("instances", "imageName", "storage", "bootstrap", "resources"),
            "postgresql.cnpg.io/v1/Database", Set.of("cluster", "name", "owner"));

    static final List<Object> RESOURCES = new ArrayList<>();
    static final Map<String, Object> BASE = new LinkedHashMap<>();

    @BeforeAll
    static void readEveryManifest() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(KUBERNETES)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") && !p.startsWith(KUBERNETES.resolve("src"))
                    && !p.startsWith(KUBERNETES.resolve("target"))).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            boolean base = file.startsWith(KUBERNETES.resolve("base"));
            for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
                JsonNode node = YAML.readTree(document);
                if (node == null || node.isEmpty()) {
                    continue;
                }
                String where = KUBERNETES.relativize(file) + " " + node.path("kind").asText();
                if (node.path("kind").asText().equals("Kustomization")) {
                    assertKustomization(node, file, where);
                    continue;
                }
                Object resource = parse(node, where);
                RESOURCES.add(resource);
                if (base && resource instanceof HasMetadata m) {
                    BASE.put(m.getKind() + "/" + m.getMetadata().getName(), resource);
                }
            }
        }
    }

    private static Object parse(JsonNode node, String where) throws IOException {
        String apiVersion = node.path("apiVersion").asText();
        String kind = node.path("kind").asText();
        String json = YAML.writerFor(JsonNode.class).writeValueAsString(node);
        Object parsed;
        if (apiVersion.startsWith("kafka.strimzi.io/")) {
            Class<?> type = switch (kind) {
                case "Kafka" -> Kafka.class;
                case "KafkaNodePool" -> KafkaNodePool.class;
                case "KafkaTopic" -> KafkaTopic.class;
                default -> throw new AssertionError(where + ": a Strimzi kind this test does not know");
            };
            parsed = Serialization.jsonMapper().readValue(Serialization.jsonMapper().writeValueAsString(
                    YAML.treeToValue(node, Object.class)), type);
        } else {
            parsed = Serialization.unmarshal(json);
        }
        if (parsed instanceof GenericKubernetesResource generic) {
            Set<String> known = GENERIC_SPEC_KEYS.get(apiVersion + "/" + kind);
            assertThat(known).as(where + ": no model class and no known spec for " + apiVersion + " " + kind)
                    .isNotNull();
            assertThat(node.path("spec").fieldNames()).toIterable().as(where + " spec").isSubsetOf(known);
            assertThat(generic.getAdditionalProperties().keySet()).as(where).containsOnly("spec");
            return parsed;
        }
        List<String> unknown = new ArrayList<>();
        unknownFields(parsed, kind, unknown, new IdentityHashMap<>());
        assertThat(unknown).as(where + ": fields the model does not know").isEmpty();
        return parsed;
    }

    /** Walks the model objects: Jackson puts fields it cannot bind into additionalProperties instead of failing. */
    @SuppressWarnings("unchecked")
    private static void unknownFields(Object value, String path, List<String> out, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, true) != null) {
            return;
        }
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                unknownFields(item, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, out, seen));
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.strimzi.api")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object child = getter.invoke(value);
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        ((Map<String, Object>) extra).keySet().forEach(k -> out.add(path + "." + k));
                    }
                } else {
                    unknownFields(child, path + "." + getter.getName().substring(3), out, seen);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // a computed getter that cannot answer on a partial object: not a field
            }
        }
    }

    private static void assertKustomization(JsonNode node, Path file, String where) {
        Set<String> known = Set.of("apiVersion", "kind", "namespace", "labels", "resources", "configMapGenerator",
                "secretGenerator", "generatorOptions", "images", "patches");
        assertThat(node.fieldNames()).toIterable().as(where).isSubsetOf(known);
        for (JsonNode resource : node.path("resources")) {
            Path target = file.getParent().resolve(resource.asText()).normalize();
            assertThat(Files.exists(target)).as(where + " resource " + resource.asText()).isTrue();
        }
        for (String list : List.of("configMapGenerator", "secretGenerator")) {
            for (JsonNode generator : node.path(list)) {
                generator.path("files").forEach(f -> assertThat(file.getParent().resolve(f.asText())).exists());
            }
        }
        node.path("patches").forEach(p -> assertThat(file.getParent().resolve(p.path("path").asText())).exists());
    }

    private static Deployment deployment(String name) {
        return (Deployment) BASE.get("Deployment/" + name);
    }

    @Test
    void the_base_holds_kafka_with_its_topics_a_postgres_cluster_with_three_databases_keycloak_and_the_services() {
        assertThat(BASE).containsKeys("Kafka/ecoeval", "KafkaNodePool/dual-role", "KafkaTopic/eco.plans",
                "KafkaTopic/eco.submissions", "KafkaTopic/eco.scores", "KafkaTopic/eco.alerts",
                "KafkaTopic/eco.plans.dlq", "KafkaTopic/eco.submissions.dlq", "Cluster/ecoeval-db",
                "Deployment/keycloak", "Deployment/submission-service", "Deployment/scoring-service",
                "Deployment/tracking-service", "PodDisruptionBudget/scoring-service");
        KafkaTopic plans = (KafkaTopic) BASE.get("KafkaTopic/eco.plans");
        assertThat(plans.getSpec().getConfig()).containsEntry("cleanup.policy", "compact");
        assertThat(plans.getSpec().getPartitions()).isGreaterThanOrEqualTo(12);
        Set<String> databases = new TreeSet<>();
        RESOURCES.stream().filter(r -> r instanceof GenericKubernetesResource g && g.getKind().equals("Database"))
                .forEach(r -> databases.add((String) ((Map<?, ?>) ((GenericKubernetesResource) r)
                        .getAdditionalProperties().get("spec")).get("name")));
        GenericKubernetesResource cluster = (GenericKubernetesResource) BASE.get("Cluster/ecoeval-db");
        databases.add((String) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) cluster.getAdditionalProperties().get("spec"))
                .get("bootstrap")).get("initdb")).get("database"));
        assertThat(databases).contains("submission", "scoring", "tracking");
    }

    @Test
    void every_service_is_probed_on_its_management_port_and_declares_its_resources() {
        MANAGEMENT_PORTS.forEach((service, port) -> {
            Container c = deployment(service).getSpec().getTemplate().getSpec().getContainers().get(0);
            ContainerPort management = c.getPorts().stream().filter(p -> "management".equals(p.getName()))
                    .findFirst().orElseThrow();
            assertThat(management.getContainerPort()).as(service).isEqualTo(port);
            for (Probe probe : List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())) {
                assertThat(probe).as(service).isNotNull();
                assertThat(probe.getHttpGet().getPort().getStrVal()).as(service).isEqualTo("management");
                assertThat(probe.getHttpGet().getPath()).as(service).startsWith("/q/health/");
            }
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(c.getResources().getRequests()).as(service).containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).as(service).containsKey("memory");
            assertThat(deployment(service).getSpec().getTemplate().getMetadata().getAnnotations())
                    .containsEntry("prometheus.io/port", String.valueOf(port));
        });
    }

    @Test
    void scoring_runs_at_least_twice_with_a_disruption_budget_and_submission_replicas_share_the_evidence_store() {
        assertThat(deployment("scoring-service").getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        PodDisruptionBudget budget = (PodDisruptionBudget) BASE.get("PodDisruptionBudget/scoring-service");
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isGreaterThanOrEqualTo(1);
        assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(
                deployment("scoring-service").getSpec().getSelector().getMatchLabels());
        PersistentVolumeClaim evidence = (PersistentVolumeClaim) BASE.get("PersistentVolumeClaim/submission-evidence");
        assertThat(evidence.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        var pod = deployment("submission-service").getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes().get(0).getPersistentVolumeClaim().getClaimName()).isEqualTo("submission-evidence");
        ConfigMap config = (ConfigMap) BASE.get("ConfigMap/ecoeval-config");
        assertThat(pod.getContainers().get(0).getVolumeMounts().get(0).getMountPath())
                .isEqualTo(config.getData().get("ECOEVAL_EVIDENCE_DIR"));
    }

    @Test
    void every_configuration_key_without_a_production_default_is_set_from_the_config_map_or_a_secret()
            throws IOException {
        ConfigMap config = (ConfigMap) BASE.get("ConfigMap/ecoeval-config");
        Set<String> secretKeys = new TreeSet<>();
        for (String line : Files.readAllLines(KUBERNETES.resolve("overlays/province/secrets.env.example"))) {
            if (line.matches("[A-Z_]+=.*")) {
                secretKeys.add(line.substring(0, line.indexOf('=')));
            }
        }
        for (String service : MANAGEMENT_PORTS.keySet()) {
            Set<String> needed = neededSettings(ROOT.resolve(service).resolve("src/main/resources/application.properties"));
            assertThat(needed).as(service).isNotEmpty();
            Container c = deployment(service).getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, EnvVar> env = new LinkedHashMap<>();
            c.getEnv().forEach(e -> env.put(e.getName(), e));
            for (String name : needed) {
                assertThat(env).as(service + " sets " + name).containsKey(name);
            }
            for (EnvVar e : c.getEnv()) {
                if (e.getValueFrom() == null) {
                    continue;
                }
                if (e.getValueFrom().getConfigMapKeyRef() != null) {
                    assertThat(config.getData()).as(service + " " + e.getName())
                            .containsKey(e.getValueFrom().getConfigMapKeyRef().getKey());
                } else if (e.getValueFrom().getSecretKeyRef() != null) {
                    var ref = e.getValueFrom().getSecretKeyRef();
                    if (ref.getName().equals("ecoeval-secrets")) {
                        assertThat(secretKeys).as(service + " " + e.getName()).contains(ref.getKey());
                    } else {
                        // CloudNativePG writes <cluster>-app with username and password
                        assertThat(ref.getName()).isEqualTo("ecoeval-db-app");
                        assertThat(ref.getKey()).isIn("username", "password");
                    }
                }
            }
        }
    }

    /**
     * The environment variables a service reads ({@code ${NAME}} or {@code ${NAME:default}} in its un-profiled
     * settings) that production must set: no default, an empty one, or one that only works locally.
     */
    static Set<String> neededSettings(Path properties) throws IOException {
        Set<String> needed = new TreeSet<>();
        Pattern reference = Pattern.compile("\\$\\{(ECOEVAL_[A-Z0-9_]+)(?::([^}]*))?}");
        for (String line : Files.readAllLines(properties)) {
            if (line.startsWith("#") || line.startsWith("%")) {
                continue;
            }
            Matcher m = reference.matcher(line);
            while (m.find()) {
                String fallback = m.group(2);
                boolean needs = fallback == null || fallback.isEmpty() || LOCAL_DEFAULT.matcher(fallback).find();
                if (needs && !MAY_STAY_UNSET.contains(m.group(1))) {
                    needed.add(m.group(1));
                }
            }
        }
        return needed;
    }

    @Test
    void a_typo_in_a_manifest_is_caught() throws IOException {
        JsonNode typo = YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replica: 2
                  selector: {matchLabels: {a: b}}
                  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: x, image: x, readinesProbe: {}}]}}
                """);
        List<String> unknown = new ArrayList<>();
        unknownFields(Serialization.unmarshal(YAML.writeValueAsString(typo)), "Deployment", unknown,
                new IdentityHashMap<>());
        assertThat(unknown).anyMatch(f -> f.endsWith(".replica")).anyMatch(f -> f.endsWith(".readinesProbe"));
        Object topic = Serialization.jsonMapper().readValue("""
                {"apiVersion":"kafka.strimzi.io/v1beta2","kind":"KafkaTopic","metadata":{"name":"t"},
                 "spec":{"partition":3}}""", KafkaTopic.class);
        List<String> unknownTopic = new ArrayList<>();
        unknownFields(topic, "KafkaTopic", unknownTopic, new IdentityHashMap<>());
        assertThat(unknownTopic).anyMatch(f -> f.endsWith(".partition"));
    }

    static Collection<KubernetesResource> all() {
        return RESOURCES.stream().filter(KubernetesResource.class::isInstance).map(KubernetesResource.class::cast)
                .toList();
    }
}
