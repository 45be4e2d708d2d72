/** The canonical change envelope ({@link dev.lockstep.event.ChangeEvent}) every pipeline step speaks. */
package dev.lockstep.event;
