/**
 * Scale-out: how N replicas share the work. Webhooks are accepted by every replica (the inbox insert
 * is idempotent across them); each pair's inbox is consumed by one replica at a time, the holder of
 * the pair's lease in Lockstep's database ({@code pair_lease}), which Camel's {@code master:}
 * component asks through {@link dev.lockstep.scale.LeaseClusterService}. A replica that dies stops
 * renewing; another takes the lease once it expires and carries on from the inbox.
 */
package dev.lockstep.scale;
