/**
 * Real-time triggers: the steps a webhook route composes to refuse bad requests, wrap the body
 * in a {@link dev.lockstep.event.ChangeEvent} and answer only after the event is durably accepted.
 */
package dev.lockstep.webhook;
