/**
 * Schedules by property: {@code lockstep.pairs.<pair>.schedule} (a cron or an interval) becomes the
 * cron of the pair's clustered Quartz trigger, read by route files as {@code {{lockstep.pairs.<pair>.cron}}}.
 */
package dev.lockstep.schedule;
