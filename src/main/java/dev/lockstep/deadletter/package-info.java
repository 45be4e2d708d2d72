/**
 * Dead letters: events whose delivery failed after every retry, stored with the step and the cause
 * by the shared dead-letter channel, and listed, replayed (exactly once) or discarded over REST.
 */
package dev.lockstep.deadletter;
