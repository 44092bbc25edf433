package io.jenkins.plugins.maia.quant.client;

import io.jenkins.plugins.maia.client.MaiaException;
import java.time.Duration;
import java.util.Optional;

/**
 * Quant could not be reached, or kept answering 408/425/429/5xx, after the retries. {@link #status()} is the last
 * HTTP status (0 when no answer came), {@link #retryAfter()} what its last {@code Retry-After} asked for, and
 * {@link #requestMayHaveBeenProcessed()} whether an attempt may have reached Quant without a definite answer (then a
 * create may have created its task).
 */
public class QuantTransportException extends MaiaException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final Duration retryAfter;
    private final boolean requestMayHaveBeenProcessed;

    public QuantTransportException(String message, Throwable cause, int status, Duration retryAfter,
            boolean requestMayHaveBeenProcessed) {
        super(message, cause);
        this.status = status;
        this.retryAfter = retryAfter;
        this.requestMayHaveBeenProcessed = requestMayHaveBeenProcessed;
    }

    public int status() {
        return status;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public boolean requestMayHaveBeenProcessed() {
        return requestMayHaveBeenProcessed;
    }
}
