package dev.lockstep.reconcile;

import java.util.Objects;

/** One record of one side: its key (what both sides share) and the hash of its synced content. */
public record KeyHash(String key, String hash) {

    public KeyHash {
        Objects.requireNonNull(key, "key");
    }
}
