/**
 * Conflicts of two-way pairs: every decided conflict recorded with both values, the baseline, the
 * rule and the winner; manual conflicts held in a review queue until a person picks a value
 * ({@code GET /api/conflicts}, {@code POST /api/conflicts/{id}/resolve}).
 */
package dev.lockstep.conflict;
