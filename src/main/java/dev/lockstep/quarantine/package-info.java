/** The quarantine: records whose data is bad, kept with every reason instead of being synced. */
package dev.lockstep.quarantine;
