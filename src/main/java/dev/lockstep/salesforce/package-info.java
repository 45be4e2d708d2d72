/**
 * Salesforce as a side of two-way pairs (salesforce-and-billing): configuration from
 * {@code lockstep.systems.salesforce.*} (off, and saying so, when unset), the calls made through
 * camel-salesforce (SOQL with {@code nextRecordsUrl} paging, sObject Collections upserts and deletes,
 * each tagged {@code Sforce-Call-Options: client=lockstep} and counted), and the {@code Side} built on them.
 */
package dev.lockstep.salesforce;
