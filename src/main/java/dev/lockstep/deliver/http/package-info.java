/**
 * Delivery to HTTP targets, shared by every pair that writes to a REST API: classifying a failed
 * call (rate limit, worth retrying, permanent), the retry policy and circuit breaker of each target,
 * parking a target that asked to be left alone ({@code Retry-After}), and switching a pair off
 * while its target is not configured. Used with the {@code lockstep-http-pipeline} route
 * configuration in {@code routes/shared.camel.yaml}.
 */
package dev.lockstep.deliver.http;
