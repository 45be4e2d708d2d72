/**
 * Scheduled polling of a table, reusable by every scheduled pair: a persisted cursor
 * {@code (modified_at, id)} per pair and system, keyset pages that never skip rows sharing one
 * timestamp across a page boundary, and an overlap window re-read on every run so a row committed
 * late with an earlier timestamp is still seen. The cursor moves only past rows fully handed on.
 */
package dev.lockstep.poll;
