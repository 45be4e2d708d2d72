/** Development reload: edited route and mapping files take effect without a restart, if they validate. */
package dev.lockstep.reload;
