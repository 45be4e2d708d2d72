package dev.lockstep.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time spent by this JVM (the load sender included) and by the PostgreSQL server processes on
 * this machine, read before and after a phase: what a phase's events cost in CPU, a figure that a
 * shared machine's stalls move far less than latencies and rates (both sides are CPU-bound on two
 * cores, so CPU per event is what their throughput is made of).
 *
 * <p>The JIT's compile time is read with them: while it is high, a phase measures compilation as much
 * as the code being compiled.
 *
 * <p>PostgreSQL's CPU is read from {@code /proc} (Linux only): every process named {@code postgres},
 * its own time plus the time of its reaped children, so a backend that exits during the phase still
 * counts (in the postmaster's). It covers every database of that server, autovacuum and checkpoints
 * included; PostgreSQL on another machine reads as zero and is reported as unknown.
 */
final class CpuClock {

    /**
     * CPU nanoseconds of this JVM and of PostgreSQL at one moment ({@code pgNanos} -1 when unreadable),
     * and the JIT compilers' total time so far, in milliseconds.
     */
    record Reading(long jvmNanos, long pgNanos, long jitMillis) {
    }

    /** Linux's USER_HZ, the unit of {@code /proc/<pid>/stat}'s times: 100 on every kernel built in years. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private CpuClock() {
    }

    static Reading read() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        return new Reading(jvm, postgresNanos(), jitMillis());
    }

    /** The JIT compilers' total time so far, in milliseconds (summed over the compiler threads). */
    static long jitMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    private static long postgresNanos() {
        long ticks = 0;
        boolean found = false;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path proc : procs) {
                String stat;
                try {
                    stat = Files.readString(proc.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < 0 || !stat.substring(open + 1, close).equals("postgres")) {
                    continue;
                }
                // After "pid (comm) ": state is field 3; utime, stime, cutime, cstime are fields 14-17.
                String[] f = stat.substring(close + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                found = true;
            }
        } catch (IOException | RuntimeException noProc) {
            return -1;
        }
        return found ? ticks * NANOS_PER_TICK : -1;
    }
}
