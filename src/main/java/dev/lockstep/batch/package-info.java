/**
 * The batch path of a pipeline: the events one inbox poll returned are cleaned, mapped, matched and
 * resolved together, written to the target in one batched statement per kind of write, and
 * committed to the ledger in one statement, so a poll costs a handful of round trips instead of
 * several per event. Anything unusual about a record (an open dead letter, bad data, a match-key
 * clash, a failure of the batch) sends that record's events, or the whole batch, through the
 * one-by-one route instead, whose retries, quarantine and dead letters then apply per event.
 */
package dev.lockstep.batch;
