package dev.lockstep.webhook;

/** A webhook request refused before anything is stored; carries the HTTP status to answer. */
public class WebhookRejection extends RuntimeException {

    private final int status;

    public WebhookRejection(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
