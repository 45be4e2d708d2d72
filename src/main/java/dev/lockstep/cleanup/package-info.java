/**
 * Cleanup: normalising values (e-mail, names, phones to E.164, countries, yes/no flags, decimals,
 * dates, timestamps to UTC) before anything is synced, and refusing records that cannot be
 * cleaned, with every reason.
 */
package dev.lockstep.cleanup;
