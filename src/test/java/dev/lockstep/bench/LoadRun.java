package dev.lockstep.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One measured phase: posts contact events at a fixed rate to a webhook URL, then waits for their
 * rows in the target table and computes the latency from each post to its row's write time, and the
 * CPU the phase took per event ({@link CpuClock}).
 */
final class LoadRun {

    /**
     * The figures of one phase; {@code jitPercent} is the JIT compilers' time during it, in percent of
     * the phase's time (100 is one core compiling throughout).
     */
    record Result(String name, int target, int sent, int accepted, int landed, int lost, int duplicated,
                  double achievedEps, double landedEps, double p50, double p99, double max,
                  double jvmCpuUsPerEvent, double pgCpuUsPerEvent, double jitPercent) {
        String line() {
            return String.format("%-20s target=%5d/s sent=%6d accepted=%6d lost=%d dup=%d accepted_rate=%6.0f/s"
                    + " end_to_end_rate=%6.0f/s  p50=%7.1f ms  p99=%7.1f ms  max=%7.1f ms  cpu/event: jvm=%4.0f us pg=%4.0f us  jit=%3.0f%%",
                    name, target, sent, accepted, lost, duplicated, achievedEps, landedEps, p50, p99, max, jvmCpuUsPerEvent, pgCpuUsPerEvent,
                    jitPercent);
        }

        /** CPU per event landed, this JVM's (the sender's included) and PostgreSQL's; NaN when PostgreSQL's is unreadable. */
        double cpuUsPerEvent() {
            return jvmCpuUsPerEvent + pgCpuUsPerEvent;
        }

        boolean sustained() {
            return lost == 0 && duplicated == 0 && achievedEps >= 0.95 * target && p99 <= 50.0;
        }
    }

    /**
     * Where a side's events end up: {@code landedSql} reads the write time of each landed row by record
     * id (its one parameter the phase's id prefix); {@code pendingSql} counts the side's inbox events not
     * yet applied, a cheap index look-up, so the phase's end (and its CPU reading) is known without
     * scanning the target table over and over.
     */
    record Side(DataSource target, String landedSql, DataSource state, String pendingSql) {
    }

    /** Requests in flight at most, as a webhook sender with this many connections (Tomcat's default thread count). */
    static final int CONNECTIONS = 200;

    private LoadRun() {
    }

    /**
     * @param sender the side's sender, whose connections stay open from phase to phase
     * @param rate   events per second; 0 sends {@code count} events as fast as the client can
     * @param prefix record ids start with it, so each phase's rows are told apart
     * @param side   where the events land
     */
    static Result run(String name, KeepAliveSender sender, int rate, int count, String prefix,
                      Function<String, String> body, Side side) throws Exception {
        Map<String, Instant> sentAt = new ConcurrentHashMap<>();
        Map<String, Integer> status = new ConcurrentHashMap<>();
        CountDownLatch answered = new CountDownLatch(count);
        CpuClock.Reading cpuBefore = CpuClock.read();
        long start = System.nanoTime();
        long interval = rate == 0 ? 0 : 1_000_000_000L / rate;
        for (int i = 0; i < count; i++) {
            if (interval > 0) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            String id = prefix + i;
            sentAt.put(id, Instant.now());
            sender.post(body.apply(id).getBytes(StandardCharsets.UTF_8), code -> {
                status.put(id, code);
                answered.countDown();
            });
        }
        answered.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        int accepted = (int) status.values().stream().filter(s -> s == 202).count();

        JdbcTemplate state = new JdbcTemplate(side.state());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && state.queryForObject(side.pendingSql(), Long.class) > 0) {
            Thread.sleep(20);
        }
        // Read here, not after the target's rows are read: that query scans the growing target table.
        CpuClock.Reading cpuAfter = CpuClock.read();
        long cpuAt = System.nanoTime();

        JdbcTemplate jdbc = new JdbcTemplate(side.target());
        Map<String, Instant> writtenAt = new ConcurrentHashMap<>();
        int[] rowsSeen = new int[1];
        while (System.nanoTime() < deadline) {
            writtenAt.clear();
            rowsSeen[0] = 0;
            jdbc.query(side.landedSql(), rs -> {
                rowsSeen[0]++;
                writtenAt.put(rs.getString(1), rs.getTimestamp(2).toInstant());
            }, prefix + "%");
            if (writtenAt.size() >= accepted) {
                break;
            }
            Thread.sleep(200);
        }
        List<Double> latencies = new ArrayList<>();
        int landed = 0;
        Instant firstSent = null;
        Instant lastWritten = null;
        for (Map.Entry<String, Integer> e : status.entrySet()) {
            Instant written = writtenAt.get(e.getKey());
            Instant sent = sentAt.get(e.getKey());
            firstSent = firstSent == null || sent.isBefore(firstSent) ? sent : firstSent;
            if (e.getValue() == 202 && written != null) {
                landed++;
                lastWritten = lastWritten == null || written.isAfter(lastWritten) ? written : lastWritten;
                latencies.add(Math.max(0, Duration.between(sent, written).toNanos() / 1e6));
            }
        }
        Collections.sort(latencies);
        double events = Math.max(1, writtenAt.size());
        double jvmCpu = (cpuAfter.jvmNanos() - cpuBefore.jvmNanos()) / 1e3 / events;
        double pgCpu = cpuBefore.pgNanos() < 0 || cpuAfter.pgNanos() < 0 ? Double.NaN : (cpuAfter.pgNanos() - cpuBefore.pgNanos()) / 1e3 / events;
        double jit = 100.0 * (cpuAfter.jitMillis() - cpuBefore.jitMillis()) / Math.max(1, (cpuAt - start) / 1e6);
        double span = lastWritten == null ? Double.NaN : Duration.between(firstSent, lastWritten).toNanos() / 1e9;
        return new Result(name, rate, count, accepted, landed, accepted - landed, rowsSeen[0] - writtenAt.size(),
                accepted / seconds, landed / span, percentile(latencies, 50), percentile(latencies, 99),
                latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1), jvmCpu, pgCpu, jit);
    }

    static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
