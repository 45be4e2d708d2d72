/**
 * The billing-to-accounting pair: billing invoices sent nightly, in bulk requests, to an
 * accounting API modelled on Xero's Invoices resource ({@code POST /Invoices?summarizeErrors=false}
 * with an array of invoices, per-invoice {@code StatusAttributeString} and {@code ValidationErrors}
 * in the answer; {@code GET /Invoices?page=N} to list them). Changed invoices are read by the poll
 * package's cursor into the inbox; each run drains the pair's inbox a batch at a time; the ledger
 * keeps each invoice's content hash (unchanged ones are not sent again) and the API's
 * {@code InvoiceID} (updates go to the same accounting record). Also the pair's reconciliation.
 */
package dev.lockstep.accounting;
