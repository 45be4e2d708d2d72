/** Preview: what a pair's mapping does with a sample record, step by step, without writing anything. */
package dev.lockstep.preview;
