/**
 * Per-pair metrics for Prometheus ({@code /actuator/prometheus}): events received and closed by
 * outcome, end-to-end latency, pending inbox depth and lag; and the inbox snapshot the operator
 * API and the gauges share.
 */
package dev.lockstep.metrics;
