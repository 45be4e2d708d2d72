package dev.lockstep.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where spans go for the endpoint a user gives, as OTEL_EXPORTER_OTLP_ENDPOINT means it (a base URL). */
class TracingConfigTest {

    @Test
    void theTracesPathIsAddedToABaseUrlOnce() {
        assertThat(TracingConfig.tracesUrl("http://otel-collector:4318")).isEqualTo("http://otel-collector:4318/v1/traces");
        assertThat(TracingConfig.tracesUrl("http://otel-collector:4318/ ")).isEqualTo("http://otel-collector:4318/v1/traces");
        assertThat(TracingConfig.tracesUrl("https://otlp.example.com/otlp/v1/traces")).isEqualTo("https://otlp.example.com/otlp/v1/traces");
    }
}
