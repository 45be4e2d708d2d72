/** Delivery: preparing each target write for the Camel endpoint that performs it. */
package dev.lockstep.deliver;
