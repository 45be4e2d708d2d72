/**
 * The durable inbox: accepted events, stored before the webhook is answered and processed from
 * here afterwards, so a crash between the two loses nothing. Also the Idempotent Consumer's store.
 */
package dev.lockstep.inbox;
