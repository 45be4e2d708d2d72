package dev.lockstep.webhook;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Whether webhooks are being accepted. On shutdown (SIGTERM) it is the first thing to stop: from
 * then on {@link NotAcceptingFilter} answers webhooks 503 with {@code Retry-After}, for {@code lockstep.shutdown.refuse-period}
 * (so load balancers and senders see a clear "try elsewhere or later" while in-flight requests
 * finish), before the web server stops taking connections, Camel finishes or leaves pending its
 * in-flight events, and the inbox writer commits what it holds. Nothing accepted is lost: what was
 * answered 202 is in the inbox and is processed after the restart if not before.
 */
@Component
public class WebhookAdmission implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookAdmission.class);

    private final Duration refusePeriod;
    private volatile boolean accepting;

    public WebhookAdmission(@Value("${lockstep.shutdown.refuse-period:2s}") Duration refusePeriod) {
        this.refusePeriod = refusePeriod;
    }

    public boolean accepting() {
        return accepting;
    }

    @Override
    public void start() {
        accepting = true;
    }

    @Override
    public void stop() {
        accepting = false;
        log.info("Shutting down: webhooks are refused with 503 for {} while in-flight work finishes", refusePeriod);
        try {
            Thread.sleep(refusePeriod.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return accepting;
    }

    /** Before the web server's graceful shutdown (DEFAULT_PHASE - 1024), which stops taking connections. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }
}
