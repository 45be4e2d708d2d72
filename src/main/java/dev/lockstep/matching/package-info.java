/** Matching: linking a new source record to the target record that already exists, by match keys. */
package dev.lockstep.matching;
