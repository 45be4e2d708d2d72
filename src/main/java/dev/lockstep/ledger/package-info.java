/**
 * The sync ledger: what Lockstep last applied per record (version, content hash, target id), the
 * ordering rule that reads it, and the commit that closes each inbox event.
 */
package dev.lockstep.ledger;
