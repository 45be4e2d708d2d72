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
        webhook = webhook == null ? new Webhook(null, null, null, null) : webhook;
        embedded = embedded == null ? new Embedded(null, null) : embedded;
        systems = systems == null ? new Systems(null, null, null) : systems;
    }

    /**
     * Limits applied to every webhook before anything is stored. Each system's signing secrets are
     * {@code lockstep.systems.<system>.webhook-secret}, read by {@code dev.lockstep.webhook.WebhookSecrets}.
     */
    public record Webhook(
            /** Larger bodies are refused with 413. */
            DataSize maxBodySize,
            /** Deeper JSON (objects and arrays in each other) is refused with 400. */
            Integer maxJsonDepth,
            /** Longer JSON strings are refused with 400; counted in characters. */
            DataSize maxStringLength,
            /** How far a signature's timestamp may be from now, either way, before it is refused as stale. */
            Duration signatureTolerance) {
        public Webhook {
            maxBodySize = maxBodySize == null ? DataSize.ofKilobytes(256) : maxBodySize;
            maxJsonDepth = maxJsonDepth == null ? 32 : maxJsonDepth;
            maxStringLength = maxStringLength == null ? DataSize.ofKilobytes(64) : maxStringLength;
            signatureTolerance = signatureTolerance == null ? Duration.ofMinutes(5) : signatureTolerance;
        }
    }

    /** The zero-set-up embedded PostgreSQL. */
    public record Embedded(Integer port, Boolean ephemeral) {
        public Embedded {
            port = port == null ? 0 : port;
            ephemeral = ephemeral != null && ephemeral;
        }
    }

    /** The JDBC systems: billing (crm-to-billing), storefront and warehouse (storefront-and-warehouse). */
    public record Systems(JdbcSystem billing, JdbcSystem storefront, JdbcSystem warehouse) {
        public Systems {
            billing = billing == null ? new JdbcSystem(null, null, null, null, null) : billing;
            storefront = storefront == null ? new JdbcSystem(null, null, null, null, null) : storefront;
            warehouse = warehouse == null ? new JdbcSystem(null, null, null, null, null) : warehouse;
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
