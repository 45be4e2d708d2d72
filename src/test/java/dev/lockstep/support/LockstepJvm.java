package dev.lockstep.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lockstep as a separate operating-system process, so that a test can kill it with SIGKILL —
 * after which nothing of the application runs: no shutdown hook, no graceful stop, no rollback but
 * the database's own — and start it again on the same databases and the same port, as an operator
 * would after a crash.
 *
 * <p>The child runs {@code dev.lockstep.LockstepApplication} on this JVM's classpath, from the
 * repository root (where {@code routes/} and {@code mappings/} are). Every start appends its output
 * to one log file, after a header line, so a failing test can show what the child did.
 */
public final class LockstepJvm implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    private final List<String> command;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private Process process;
    private Instant launchedAt;
    private int starts;

    private LockstepJvm(List<String> command, Path log, int port) {
        this.command = command;
        this.log = log;
        this.port = port;
        // A test JVM that dies (or is stopped) must not leave a Lockstep behind.
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    /**
     * A Lockstep on these databases and this port (not started yet). {@code properties} are
     * {@code key=value} pairs, passed as command-line arguments, which outrank application.yaml.
     */
    public static LockstepJvm on(int port, Path log, List<String> properties) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Start-up time is most of each round: skip the optimising compiler, keep the heap small.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m",
                "-cp", System.getProperty("java.class.path"),
                "dev.lockstep.LockstepApplication",
                "--server.port=" + port));
        properties.forEach(p -> command.add("--" + p));
        return new LockstepJvm(command, log, port);
    }

    /** A port nothing listens on now (the child binds it a moment later; a clash would fail its start-up visibly). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    /** Launches the child without waiting for it to be ready. */
    public void start() {
        if (alive()) {
            throw new IllegalStateException("Lockstep is already running (pid " + process.pid() + ")");
        }
        starts++;
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "%n===== start %d at %s =====%n".formatted(starts, Instant.now()),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .directory(Path.of("").toAbsolutePath().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            launchedAt = Instant.now();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not launch Lockstep", e);
        }
    }

    /**
     * Polls {@code GET /actuator/health} until it answers 200, and returns the time since launch.
     * Fails at once if the child exits, and after {@link #READY_TIMEOUT} if it never gets there.
     */
    public Duration awaitReady() {
        Instant deadline = launchedAt.plus(READY_TIMEOUT);
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            if (!alive()) {
                throw new IllegalStateException("Lockstep exited with code " + process.exitValue()
                        + " before it was ready; its log ends:\n" + logTail(60));
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.between(launchedAt, Instant.now());
                }
            } catch (IOException notListeningYet) {
                // the port opens late in start-up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Lockstep", e);
            }
            // Returns early if the child exits: no need to sleep the whole interval.
            waitForExit(Duration.ofMillis(100));
        }
        throw new IllegalStateException("Lockstep was not ready within " + READY_TIMEOUT + "; its log ends:\n" + logTail(60));
    }

    /** Waits up to {@code timeout} for the child to exit on its own; true if it has. */
    public boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Lockstep", e);
        }
    }

    /** Time since the current child was launched. */
    public Duration sinceLaunch() {
        return Duration.between(launchedAt, Instant.now());
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL (what {@code destroyForcibly} sends on Linux and macOS), then waits until the process is gone. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        if (!waitForExit(EXIT_TIMEOUT)) {
            throw new IllegalStateException("Lockstep (pid " + process.pid() + ") did not die within " + EXIT_TIMEOUT);
        }
    }

    /** The last {@code lines} lines of the child's output, over all its starts. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        if (alive()) {
            kill();
        }
    }
}
