/**
 * Readiness: Lockstep takes traffic only while its own database answers and every mapping file on
 * disk is valid. Part of the actuator's {@code readiness} health group ({@code /actuator/health/readiness}).
 */
package dev.lockstep.health;
