/**
 * The echo filter of two-way pairs: a polled row equal to what Lockstep itself last wrote to that
 * system (or to what it last took in from it) is dropped, so a synced write never comes back as a
 * change, even when the system stamps it with its own modified-at.
 */
package dev.lockstep.echo;
