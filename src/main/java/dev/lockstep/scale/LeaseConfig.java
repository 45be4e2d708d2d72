package dev.lockstep.scale;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The lease-backed cluster service, added to Camel before its routes start (master: endpoints look it up then). */
@Configuration
@EnableConfigurationProperties(LeaseProperties.class)
public class LeaseConfig {

    @Bean
    public LeaseClusterService leaseClusterService(PairLeases leases, LeaseProperties properties, Environment environment) {
        Supplier<String> holder = properties.holder() == null || properties.holder().isBlank()
                ? () -> defaultHolder(environment) : properties::holder;
        return new LeaseClusterService(leases, properties, holder);
    }

    @Bean
    public CamelContextConfiguration leaseClusterServiceRegistration(LeaseClusterService service) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                if (!context.hasService(service)) {
                    try {
                        context.addService(service, true, true);
                    } catch (Exception e) {
                        throw new IllegalStateException("Could not add the lease cluster service to Camel", e);
                    }
                }
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
                // nothing to do
            }
        };
    }

    /**
     * Host name and HTTP port: no two live processes can share them, and a process restarted in
     * their place (a container restarted in its pod, a crashed instance started again) is the same
     * holder, so it takes its own leases back at once instead of waiting for them to expire. On
     * Kubernetes the host name is the pod's name. With a random port (0) the name is made unique.
     */
    static String defaultHolder(Environment environment) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "0"));
        return "0".equals(port)
                ? host + ":" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8)
                : host + ":" + port;
    }
}
