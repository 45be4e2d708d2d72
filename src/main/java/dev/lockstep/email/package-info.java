/**
 * The email-marketing target of {@code crm-to-email}: list members addressed as the API's "add or
 * update list member" resource does ({@code PUT /lists/{list}/members/{md5(lower(email))}}, modelled
 * on Mailchimp's), the request each event becomes, and the checks its mapping must pass.
 */
package dev.lockstep.email;
