/**
 * Tracing: when an OTLP endpoint is configured ({@code lockstep.tracing.otlp-endpoint}, or the
 * standard {@code OTEL_EXPORTER_OTLP_ENDPOINT}), Camel's routes are traced through
 * camel-opentelemetry and the spans sent over OTLP/HTTP; each span about an event carries its
 * correlation id ({@link dev.lockstep.correlation.EventSpans}). Without an endpoint nothing is set up.
 */
package dev.lockstep.tracing;
