package dev.lockstep.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Every {@code lockstep.*} key. Folder keys are resolved to absolute paths before Camel starts
 * (see {@link LockstepFolders}); the rest is read here, typed.
 */
@ConfigurationProperties("lockstep")
public record LockstepProperties(
        /** Folder of the route files ({@code *.camel.yaml}); relative paths resolve against the working directory. */
        String routesDir,
        /** Folder of the mapping files ({@code *.yaml}), one per pair. */
        String mappingsDir,
        /** Where the embedded PostgreSQL keeps its files when no database is configured. */
        String dataDir,
        Webhook webhook,
        Embedded embedded,
        Systems systems) {

    public LockstepProperties {
        webhook = webhook == null ? new Webhook(null) : webhook;
        embedded = embedded == null ? new Embedded(null, null) : embedded;
        systems = systems == null ? new Systems(null) : systems;
    }

    /** Limits applied to every webhook before anything is stored. */
    public record Webhook(DataSize maxBodySize) {
        public Webhook {
            maxBodySize = maxBodySize == null ? DataSize.ofKilobytes(256) : maxBodySize;
        }
    }

    /** The zero-set-up embedded PostgreSQL. */
    public record Embedded(Integer port, Boolean ephemeral) {
        public Embedded {
            port = port == null ? 0 : port;
            ephemeral = ephemeral != null && ephemeral;
        }
    }

    public record Systems(JdbcSystem billing) {
        public Systems {
            billing = billing == null ? new JdbcSystem(null, null, null, null, null) : billing;
        }
    }

    /** A system reached over JDBC. With no URL, the demo system runs in the embedded PostgreSQL. */
    public record JdbcSystem(String jdbcUrl, String username, String password, Integer poolSize, Duration connectionTimeout) {
        public JdbcSystem {
            poolSize = poolSize == null ? 4 : poolSize;
            connectionTimeout = connectionTimeout == null ? Duration.ofSeconds(2) : connectionTimeout;
        }

        public boolean configured() {
            return jdbcUrl != null && !jdbcUrl.isBlank();
        }
    }
}
