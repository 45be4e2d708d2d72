/** What the pipeline steps share: the exchange properties they hand on and the outcome of an event. */
package dev.lockstep.pipeline;
