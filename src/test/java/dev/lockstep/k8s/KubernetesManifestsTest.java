package dev.lockstep.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kustomize base and overlays in {@code k8s/}: every manifest parses as its kind's Kubernetes
 * model with no field the model does not know (a misspelt or misplaced key fails), every file of
 * {@code routes/} and {@code mappings/} is in the generated ConfigMaps, and — where {@code kubectl}
 * or {@code kustomize} is on the PATH — each overlay renders and the rendered Deployment is wired
 * up: probes on the health groups, non-root with a read-only root filesystem, volumes and mounts
 * where the routes and mappings folders point, the credentials Secret referenced but not shipped,
 * Service, budget and role binding pointing at what exists.
 */
class KubernetesManifestsTest {

    static final Path K8S = Path.of("k8s");
    static final List<String> OVERLAYS = List.of("base", "overlays/dev", "overlays/prod");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The kinds Lockstep's manifests use, by apiVersion and kind. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "apps/v1/Deployment", Deployment.class,
            "v1/Service", Service.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "rbac.authorization.k8s.io/v1/Role", Role.class,
            "rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    // --- without a renderer: the files themselves --------------------------------------------------

    @Test
    void everyManifestFileParsesAsItsKindWithNoUnknownField() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(K8S)) {
            files = walk.filter(f -> f.toString().endsWith(".yaml") && !f.getFileName().toString().equals("kustomization.yaml"))
                    .sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(8);
        for (Path file : files) {
            for (JsonNode doc : documents(Files.readString(file))) {
                // Strategic-merge patches are partial manifests of their kind: parsed the same way.
                parse(doc, file.toString());
            }
        }
    }

    @Test
    void everyKustomizationNamesFilesThatExistAndTheBaseShipsEveryRouteAndMappingFile() throws IOException {
        for (String dir : OVERLAYS) {
            Path folder = K8S.resolve(dir);
            JsonNode kustomization = YAML.readTree(folder.resolve("kustomization.yaml").toFile());
            assertThat(kustomization.path("kind").asText()).isEqualTo("Kustomization");
            kustomization.path("resources").forEach(r -> assertThat(folder.resolve(r.asText())).as(dir + ": " + r).exists());
            kustomization.path("patches").forEach(p -> {
                if (p.has("path")) {
                    assertThat(folder.resolve(p.path("path").asText())).as(dir + ": " + p).exists();
                }
            });
        }
        JsonNode base = YAML.readTree(K8S.resolve("base/kustomization.yaml").toFile());
        Set<Path> listed = new TreeSet<>();
        base.path("configMapGenerator").forEach(g -> g.path("files").forEach(f -> listed.add(
                K8S.resolve("base").resolve(f.asText()).normalize())));
        listed.forEach(f -> assertThat(f).as("generated from").isRegularFile());
        Set<Path> shipped = new TreeSet<>();
        try (Stream<Path> routes = Files.list(Path.of("routes")); Stream<Path> mappings = Files.walk(Path.of("mappings"))) {
            routes.filter(f -> f.toString().endsWith(".camel.yaml")).forEach(f -> shipped.add(f.normalize()));
            mappings.filter(f -> f.toString().endsWith(".yaml") || (f.getParent() != null && f.getParent().endsWith("samples")))
                    .filter(Files::isRegularFile).forEach(f -> shipped.add(f.normalize()));
        }
        assertThat(listed).as("every route file, mapping file and sample is in a ConfigMap").containsAll(shipped);
    }

    // --- rendered -------------------------------------------------------------------------------------

    @Test
    void eachOverlayRendersToAWorkingDeployment() throws Exception {
        Optional<List<String>> renderer = renderer();
        if (renderer.isEmpty()) {
            System.out.println("KubernetesManifestsTest: rendering skipped: neither 'kubectl' nor 'kustomize' is on the PATH; "
                    + "the manifest files were still parsed one by one");
            return;
        }
        for (String overlay : OVERLAYS) {
            List<HasMetadata> objects = new ArrayList<>();
            for (JsonNode doc : documents(render(renderer.get(), K8S.resolve(overlay)))) {
                objects.add(parse(doc, overlay));
            }
            checkWiring(overlay, objects);
        }
    }

    private static void checkWiring(String overlay, List<HasMetadata> objects) throws IOException {
        Deployment deployment = only(objects, Deployment.class);
        assertThat(objects).as(overlay + ": no Secret is committed").noneMatch(o -> o instanceof Secret);
        int replicas = deployment.getSpec().getReplicas();
        assertThat(replicas).as(overlay + " replicas").isEqualTo(switch (overlay) {
            case "base" -> 2;
            case "overlays/dev" -> 1;
            default -> 3;
        });
        String namespace = deployment.getMetadata().getNamespace();
        objects.forEach(o -> assertThat(o.getMetadata().getNamespace()).as(overlay + " " + o.getKind()).isEqualTo(namespace));

        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        Container app = pod.getContainers().get(0);
        assertThat(app.getImage()).isNotBlank();
        assertThat(app.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(app.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(app.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(app.getResources().getLimits()).containsKey("memory");
        assertProbe(app, app.getLivenessProbe(), "/actuator/health/liveness");
        assertProbe(app, app.getReadinessProbe(), "/actuator/health/readiness");
        assertProbe(app, app.getStartupProbe(), "/actuator/health/liveness");

        // Every mount has its volume; /tmp is writable; routes and mappings are where Lockstep looks.
        Map<String, Volume> volumes = new java.util.HashMap<>();
        pod.getVolumes().forEach(v -> volumes.put(v.getName(), v));
        for (VolumeMount mount : app.getVolumeMounts()) {
            assertThat(volumes).as(overlay + ": volume of " + mount.getMountPath()).containsKey(mount.getName());
        }
        assertThat(mountAt(app, "/tmp").map(m -> volumes.get(m.getName()).getEmptyDir())).as("/tmp is an emptyDir").isPresent();
        assertThat(mountAt(app, env(app, "LOCKSTEP_ROUTES_DIR"))).as("the routes folder is mounted").isPresent();
        assertThat(mountAt(app, env(app, "LOCKSTEP_MAPPINGS_DIR"))).as("the mappings folder is mounted").isPresent();

        // Every ConfigMap a volume names is rendered; the routes ConfigMap holds the route files as they are.
        Map<String, ConfigMap> configMaps = new java.util.HashMap<>();
        objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .forEach(c -> configMaps.put(c.getMetadata().getName(), c));
        List<String> referenced = new ArrayList<>();
        for (Volume v : pod.getVolumes()) {
            if (v.getConfigMap() != null) {
                referenced.add(v.getConfigMap().getName());
            }
            if (v.getProjected() != null) {
                v.getProjected().getSources().stream().filter(s -> s.getConfigMap() != null)
                        .forEach(s -> referenced.add(s.getConfigMap().getName()));
            }
        }
        assertThat(configMaps.keySet()).as(overlay + ": ConfigMaps the volumes name").containsAll(referenced);
        ConfigMap routes = configMaps.get(volumes.get(mountAt(app, env(app, "LOCKSTEP_ROUTES_DIR")).get().getName()).getConfigMap().getName());
        assertThat(routes.getData().get("crm-to-billing.camel.yaml"))
                .isEqualTo(Files.readString(Path.of("routes/crm-to-billing.camel.yaml"), StandardCharsets.UTF_8));

        // The credentials come from a Secret the deployer creates.
        assertThat(app.getEnvFrom()).anyMatch(e -> e.getSecretRef() != null && "lockstep-credentials".equals(e.getSecretRef().getName()));

        Service service = only(objects, Service.class);
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        String targetPort = service.getSpec().getPorts().get(0).getTargetPort().getStrVal();
        assertThat(app.getPorts()).anyMatch(p -> p.getName().equals(targetPort));

        ServiceAccount account = only(objects, ServiceAccount.class);
        assertThat(pod.getServiceAccountName()).isEqualTo(account.getMetadata().getName());
        RoleBinding binding = only(objects, RoleBinding.class);
        assertThat(binding.getRoleRef().getName()).isEqualTo(only(objects, Role.class).getMetadata().getName());
        assertThat(binding.getSubjects()).anyMatch(s -> s.getName().equals(account.getMetadata().getName()));

        List<PodDisruptionBudget> budgets = objects.stream().filter(PodDisruptionBudget.class::isInstance)
                .map(PodDisruptionBudget.class::cast).toList();
        if (replicas > 1) {
            assertThat(budgets).as(overlay + ": a budget while there are several replicas").hasSize(1);
            assertThat(podLabels).containsAllEntriesOf(budgets.get(0).getSpec().getSelector().getMatchLabels());
            assertThat(budgets.get(0).getSpec().getMinAvailable().getIntVal()).isLessThan(replicas);
        } else {
            assertThat(budgets).as(overlay + ": no budget that would block every drain of a single replica").isEmpty();
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static void assertProbe(Container app, Probe probe, String path) {
        assertThat(probe).as(path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        String port = probe.getHttpGet().getPort().getStrVal();
        assertThat(app.getPorts()).as("the probe's port " + port).anyMatch(p -> p.getName().equals(port));
    }

    private static Optional<VolumeMount> mountAt(Container app, String path) {
        return app.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst();
    }

    private static String env(Container app, String name) {
        return app.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name)).getValue();
    }

    private static <T> T only(List<HasMetadata> objects, Class<T> kind) {
        List<T> found = objects.stream().filter(kind::isInstance).map(kind::cast).toList();
        assertThat(found).as(kind.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    /** Parses a manifest as the model of its apiVersion and kind; fails on an unknown kind or field. */
    static HasMetadata parse(JsonNode doc, String where) {
        String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(key);
        assertThat(type).as(where + ": a kind Lockstep's manifests use: " + key).isNotNull();
        ObjectNode copy = ((ObjectNode) doc).deepCopy();
        copy.remove("$patch");
        HasMetadata object = YAML.convertValue(copy, type);
        List<String> unknown = new ArrayList<>();
        unknownFields(object, doc.path("kind").asText(), unknown);
        assertThat(unknown).as(where + ": fields " + key + " does not have").isEmpty();
        return object;
    }

    /**
     * The Kubernetes models keep fields they do not know in {@code additionalProperties} instead of
     * failing: walk the parsed object and report every one, with its path.
     */
    static void unknownFields(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            try {
                Object child = getter.invoke(value);
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        unknown.add(path + ": " + extra.keySet());
                    }
                } else {
                    unknownFields(child, path + "." + getter.getName().substring(3, 4).toLowerCase() + getter.getName().substring(4), unknown);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** {@code kubectl kustomize} or {@code kustomize build}, whichever is on the PATH. */
    private static Optional<List<String>> renderer() {
        if (runs("kubectl", "kustomize", "--help")) {
            return Optional.of(List.of("kubectl", "kustomize"));
        }
        if (runs("kustomize", "version")) {
            return Optional.of(List.of("kustomize", "build"));
        }
        return Optional.empty();
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String render(List<String> renderer, Path folder) throws Exception {
        List<String> command = new ArrayList<>(renderer);
        // The route and mapping files live at the repository root, outside k8s/ (see k8s/README.md).
        command.addAll(List.of("--load-restrictor", "LoadRestrictionsNone", folder.toString()));
        Path out = Files.createTempFile("kustomize", ".yaml");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
            String output = Files.readString(out);
            assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
            return output;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
