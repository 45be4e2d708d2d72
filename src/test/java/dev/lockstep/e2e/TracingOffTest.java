package dev.lockstep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry.OpenTelemetryTracer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * With no OTLP endpoint configured (the shared test context has none), tracing is off: no SDK, no
 * exporter, no Camel tracer on the routes. The "on" side is in {@link ScaleOutTest}, whose
 * instances trace to a stand-in collector.
 */
class TracingOffTest extends PipelineTestSupport {

    @Autowired
    ApplicationContext spring;

    @Autowired
    CamelContext camel;

    @Test
    void withoutAnEndpointNothingIsTraced() {
        assertThat(spring.getBeansOfType(OpenTelemetrySdk.class)).isEmpty();
        assertThat(spring.getBeansOfType(OpenTelemetryTracer.class)).isEmpty();
        assertThat(camel.hasService(OpenTelemetryTracer.class)).isNull();
    }
}
