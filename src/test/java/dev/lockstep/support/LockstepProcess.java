package dev.lockstep.support;

import dev.lockstep.LockstepApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the real application outside Spring's test-context cache, for restart and start-up tests. */
public final class LockstepProcess {

    private LockstepProcess() {
    }

    public static ConfigurableApplicationContext start(String stateUrl, String billingUrl, String... extra) {
        TestDatabases pg = TestDatabases.get();
        // Keyed by name, so an extra property replaces a default instead of being passed twice.
        java.util.Map<String, String> byName = new java.util.LinkedHashMap<>();
        List<String> all = new ArrayList<>(List.of(FreshDatabases.withTwoWay(pg, stateUrl, billingUrl)));
        all.add("server.port=0");
        all.addAll(List.of(extra));
        all.forEach(p -> byName.put(p.substring(0, p.indexOf('=')), p));
        List<String> props = new ArrayList<>(byName.values());
        // As command-line arguments: they outrank application.yaml, as they do for a user.
        return new SpringApplicationBuilder(LockstepApplication.class)
                .run(props.stream().map(p -> "--" + p).toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
