package dev.lockstep.tracing;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code lockstep.tracing.*}.
 *
 * @param otlpEndpoint the OpenTelemetry collector's OTLP/HTTP base URL ({@code http://otel-collector:4318});
 *                     empty: no tracing at all. Defaults to {@code OTEL_EXPORTER_OTLP_ENDPOINT}.
 * @param serviceName  the {@code service.name} of the spans. Defaults to {@code OTEL_SERVICE_NAME}, else lockstep.
 */
@ConfigurationProperties("lockstep.tracing")
public record TracingProperties(String otlpEndpoint, String serviceName) {

    public TracingProperties {
        if (serviceName == null || serviceName.isBlank()) {
            serviceName = "lockstep";
        }
    }
}
