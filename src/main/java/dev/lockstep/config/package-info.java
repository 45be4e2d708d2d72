/** Lockstep's configuration: typed {@code lockstep.*} properties and the route and mapping folders. */
package dev.lockstep.config;
