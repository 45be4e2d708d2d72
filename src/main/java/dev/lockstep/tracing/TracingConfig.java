package dev.lockstep.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry.OpenTelemetryTracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Traces over OTLP/HTTP, only when {@code lockstep.tracing.otlp-endpoint} (by default the standard
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT}) is set. The SDK is built here rather than by the agent or the
 * SDK's environment auto-configuration, so that with no endpoint there is no tracer, no exporter
 * thread and no log line. camel-opentelemetry's own auto-configuration is off
 * ({@code camel.opentelemetry.enabled: false}): it would trace through a no-op SDK even when unset.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${lockstep.tracing.otlp-endpoint:}'.isBlank()")
@EnableConfigurationProperties(TracingProperties.class)
public class TracingConfig {

    private static final Logger log = LoggerFactory.getLogger(TracingConfig.class);
    /** Spans are sent at least this often; short, so a trace shows up while one is looking for it. */
    private static final Duration EXPORT_DELAY = Duration.ofSeconds(1);

    @Bean(destroyMethod = "close")
    public OpenTelemetrySdk lockstepOpenTelemetry(TracingProperties properties) {
        String traces = tracesUrl(properties.otlpEndpoint());
        String serviceName = properties.serviceName();
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(traces).build();
        SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), serviceName))))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).setScheduleDelay(EXPORT_DELAY).build())
                .build();
        log.info("Tracing on: spans of service {} go to {} (OTLP/HTTP)", serviceName, traces);
        return OpenTelemetrySdk.builder()
                .setTracerProvider(tracerProvider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }

    @Bean
    public OpenTelemetryTracer lockstepCamelTracer(CamelContext camel, OpenTelemetrySdk openTelemetry) {
        OpenTelemetryTracer tracer = new OpenTelemetryTracer();
        tracer.setTracer(openTelemetry.getTracer("dev.lockstep"));
        tracer.setContextPropagators(openTelemetry.getPropagators());
        tracer.init(camel);
        return tracer;
    }

    /**
     * The standard variable names the collector's base URL ({@code http://collector:4318}); the
     * traces path is added unless the URL already ends with it.
     */
    static String tracesUrl(String endpoint) {
        String base = endpoint.strip();
        if (base.endsWith("/v1/traces")) {
            return base;
        }
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/traces";
    }
}
