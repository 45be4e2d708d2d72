/** Checking route and mapping files: problems with file, line and column, reported all at once. */
package dev.lockstep.check;
