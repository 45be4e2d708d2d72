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
 * rows in the target table and computes the latency from each post to its row's write time.
 */
final class LoadRun {

    /** The figures of one phase. */
    record Result(String name, int target, int sent, int accepted, int landed, int lost, int duplicated,
                  double achievedEps, double landedEps, double p50, double p99, double max) {
        String line() {
            return String.format("%-20s target=%5d/s sent=%6d accepted=%6d lost=%d dup=%d accepted_rate=%6.0f/s"
                    + " end_to_end_rate=%6.0f/s  p50=%7.1f ms  p99=%7.1f ms  max=%7.1f ms", name, target, sent, accepted, lost,
                    duplicated, achievedEps, landedEps, p50, p99, max);
        }

        boolean sustained() {
            return lost == 0 && duplicated == 0 && achievedEps >= 0.95 * target && p99 <= 50.0;
        }
    }

    /** Requests in flight at most, as a webhook sender with this many connections (Tomcat's default thread count). */
    static final int CONNECTIONS = 200;

    private LoadRun() {
    }

    /**
     * @param sender the side's sender, whose connections stay open from phase to phase
     * @param rate   events per second; 0 sends {@code count} events as fast as the client can
     * @param prefix record ids start with it, so each phase's rows are told apart
     * @param landed the write time of each landed row, by record id, read from the target
     */
    static Result run(String name, KeepAliveSender sender, int rate, int count, String prefix,
                      Function<String, String> body, DataSource target, String landedSql) throws Exception {
        Map<String, Instant> sentAt = new ConcurrentHashMap<>();
        Map<String, Integer> status = new ConcurrentHashMap<>();
        CountDownLatch answered = new CountDownLatch(count);
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

        JdbcTemplate jdbc = new JdbcTemplate(target);
        Map<String, Instant> writtenAt = new ConcurrentHashMap<>();
        int[] rowsSeen = new int[1];
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            writtenAt.clear();
            rowsSeen[0] = 0;
            jdbc.query(landedSql, rs -> {
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
        double span = lastWritten == null ? Double.NaN : Duration.between(firstSent, lastWritten).toNanos() / 1e9;
        return new Result(name, rate, count, accepted, landed, accepted - landed, rowsSeen[0] - writtenAt.size(),
                accepted / seconds, landed / span, percentile(latencies, 50), percentile(latencies, 99),
                latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1));
    }

    static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
