/**
 * The merge engine of two-way pairs, pure Java (no Spring, no database): a record's baseline per
 * system, the field-by-field merge of both sides' current state against it, the per-field conflict
 * policies ({@code owner}, {@code latest}, {@code counter}, {@code manual}), deletes against edits,
 * the decisions to record, and the writes that make both sides equal the merged state.
 */
package dev.lockstep.resolve;
