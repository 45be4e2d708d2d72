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
        List<String> props = new ArrayList<>(List.of(FreshDatabases.properties(pg, stateUrl, billingUrl)));
        props.add("server.port=0");
        props.addAll(List.of(extra));
        // As command-line arguments: they outrank application.yaml, as they do for a user.
        return new SpringApplicationBuilder(LockstepApplication.class)
                .run(props.stream().map(p -> "--" + p).toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
