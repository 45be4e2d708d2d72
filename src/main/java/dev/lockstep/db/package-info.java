/** Databases: Lockstep's own state and each JDBC system's, with the embedded PostgreSQL fallback. */
package dev.lockstep.db;
