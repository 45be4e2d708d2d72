package dev.lockstep.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.config.LockstepProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds what is read of a webhook request before any route step runs. An HTTP consumer may copy
 * the whole request body as the exchange is created (platform-http does, into a stream cache; the
 * servlet consumer does unless told not to), so without this a 10 MB (or 10 GB) body could be read,
 * and spooled to disk, before the guard could refuse it.
 * Every request under {@value #PATHS} gets a body stream that ends after
 * {@code lockstep.webhook.max-body-size} + 1 bytes, or at once when the declared
 * {@code Content-Length} is already larger: the guard then sees a body or a length over the limit
 * and answers 413.
 *
 * <p>A compressed body ({@code Content-Encoding}) is refused here with 415: the consumer would
 * decompress it while copying, so a small body could expand without limit, and its signature would
 * be over bytes no step sees.
 */
@Component
public class WebhookBodyLimit extends OncePerRequestFilter {

    /** Where webhook routes listen: Camel's servlet is mapped here ({@code camel.servlet.mapping.context-path}). */
    public static final String PATHS = "/webhooks/";

    private final long maxBytes;
    private final ObjectMapper json;

    public WebhookBodyLimit(LockstepProperties props, ObjectMapper json) {
        this.maxBytes = props.webhook().maxBodySize().toBytes();
        this.json = json;
    }

    /** Whether the request is for a webhook route (under {@value #PATHS}). */
    public static boolean isWebhook(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length()).startsWith(PATHS);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isWebhook(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String encoding = request.getHeader("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
            response.setStatus(415);
            response.setContentType("application/json");
            response.getWriter().write(json.writeValueAsString(Map.of("error",
                    "Content-Encoding '" + encoding.strip() + "' is not accepted; send the JSON uncompressed")));
            return;
        }
        long allowed = request.getContentLengthLong() > maxBytes ? 0 : maxBytes + 1;
        chain.doFilter(new Bounded(request, allowed), response);
    }

    /** The request with a body stream that ends after {@code allowed} bytes. */
    private static final class Bounded extends HttpServletRequestWrapper {

        private final long allowed;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long allowed) {
            super(request);
            this.allowed = allowed;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new BoundedStream(super.getInputStream(), allowed);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class BoundedStream extends ServletInputStream {

        private final ServletInputStream in;
        private long remaining;

        BoundedStream(ServletInputStream in, long allowed) {
            this.in = in;
            this.remaining = allowed;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return remaining <= 0 ? 0 : (int) Math.min(in.available(), remaining);
        }

        @Override
        public boolean isFinished() {
            return remaining <= 0 || in.isFinished();
        }

        @Override
        public boolean isReady() {
            return remaining <= 0 || in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
