package dev.lockstep.runs;

/** What a run (or one page of it) did; added up as the run goes. */
public record RunCounts(long read, long written, long unchanged, long conflicts, long quarantined, long failed) {

    public static final RunCounts NONE = new RunCounts(0, 0, 0, 0, 0, 0);

    public RunCounts plus(RunCounts other) {
        return new RunCounts(read + other.read, written + other.written, unchanged + other.unchanged,
                conflicts + other.conflicts, quarantined + other.quarantined, failed + other.failed);
    }
}
