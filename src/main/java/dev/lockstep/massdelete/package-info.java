/**
 * The mass-delete guard of two-way pairs: when one run would delete more than a share of a pair's
 * records (default 20%), the deletes are held for approval instead of applied
 * ({@code GET /api/mass-deletes}, {@code POST /api/mass-deletes/{id}/approve} or {@code /reject}).
 */
package dev.lockstep.massdelete;
