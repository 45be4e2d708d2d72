/**
 * Correlation: every log line about an event names it. The event id, pair and record id are put in
 * the logging MDC as soon as the event is known (webhook envelope, inbox read) and removed when its
 * exchange is done; Camel's MDC logging carries them across its threads.
 */
package dev.lockstep.correlation;
