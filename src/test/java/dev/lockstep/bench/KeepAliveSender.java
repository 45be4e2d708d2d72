package dev.lockstep.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.IntConsumer;

/**
 * The load generator's HTTP client: a fixed set of sender threads, each with one keep-alive
 * HTTP/1.1 connection, writing a POST and reading its answer with blocking socket calls.
 *
 * <p>Why not the JDK's {@code HttpClient}: on the two cores it shares with what it measures, its
 * asynchronous machinery (selector thread, completion stages, one connection per request in
 * flight) took about a sixth of the benchmark JVM's CPU at 2,000 requests/s — as much as
 * Lockstep's whole webhook route. A blocking write and read per request costs a fraction of that,
 * for Lockstep and the baseline alike. Apache HttpClient's classic blocking client, tried in this
 * one's place, cost enough more that Lockstep's p99 at 2,000/s rose to 53–119 ms over three runs
 * (16–58 ms with this one): the instrument must stay lighter than what it measures, so the few
 * lines of HTTP/1.1 framing below are kept. Like a real webhook sender, it keeps a bounded number of
 * requests in flight ({@code connections}); a request waits in the queue for a free connection,
 * and that wait counts in its latency, since latency is measured from when it was due.
 */
final class KeepAliveSender implements AutoCloseable {

    private record Job(byte[] body, IntConsumer onStatus) {
    }

    private static final Job STOP = new Job(null, null);

    private final String host;
    private final int port;
    private final byte[] head;
    private final BlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    private final Thread[] senders;

    KeepAliveSender(String url, int connections) {
        URI uri = URI.create(url);
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nContent-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
        this.senders = new Thread[connections];
        for (int i = 0; i < connections; i++) {
            senders[i] = new Thread(this::sendLoop, "load-sender-" + i);
            senders[i].setDaemon(true);
            senders[i].start();
        }
    }

    /** Queues one POST; {@code onStatus} gets the HTTP status, or -1 when there was no answer. */
    void post(byte[] body, IntConsumer onStatus) {
        jobs.add(new Job(body, onStatus));
    }

    private void sendLoop() {
        Connection connection = null;
        while (true) {
            Job job;
            try {
                job = jobs.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job == STOP) {
                break;
            }
            int status = -1;
            for (int attempt = 0; attempt < 2 && status == -1; attempt++) {
                try {
                    if (connection == null) {
                        connection = new Connection(host, port);
                    }
                    status = connection.exchange(head, job.body());
                    if (connection.closedByServer) {
                        connection.close();
                        connection = null;
                    }
                } catch (IOException e) {
                    // A keep-alive connection the server closed between requests: once more on a new one.
                    if (connection != null) {
                        connection.close();
                        connection = null;
                    }
                    if (attempt == 0 && e instanceof java.net.SocketTimeoutException) {
                        break; // the server took the request and did not answer in time: never send it twice
                    }
                }
            }
            job.onStatus().accept(status);
        }
        if (connection != null) {
            connection.close();
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < senders.length; i++) {
            jobs.add(STOP);
        }
    }

    /** One keep-alive connection: writes a request, reads the status, headers and body of its answer. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        boolean closedByServer;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        int exchange(byte[] head, byte[] body) throws IOException {
            ByteArrayOutputStream request = new ByteArrayOutputStream(head.length + body.length + 16);
            request.write(head);
            request.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            request.write(body);
            request.writeTo(out);
            out.flush();

            String statusLine = line();
            if (statusLine == null) {
                throw new IOException("connection closed before an answer");
            }
            int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
            long length = -1;
            boolean chunked = false;
            for (String header = line(); header != null && !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(header.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closedByServer = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                    // trailers are ignored
                }
            } else if (length >= 0) {
                skip(length);
            } else {
                in.transferTo(OutputStream.nullOutputStream());
                closedByServer = true;
            }
            return status;
        }

        private void skip(long n) throws IOException {
            long left = n;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed inside an answer");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) c);
            }
            return line.length() == 0 ? null : line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection that is gone already
            }
        }
    }
}
