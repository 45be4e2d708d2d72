/** Operations: REST views of what happened to events and records, and of the demo systems. */
package dev.lockstep.ops;
