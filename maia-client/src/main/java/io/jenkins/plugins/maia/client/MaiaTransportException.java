package io.jenkins.plugins.maia.client;

import java.time.Duration;
import java.util.Optional;

/**
 * The server could not be reached, or kept failing (a connection problem, or one of the
 * {@link MaiaException#TRANSIENT_STATUSES}) after all retries. A caller may try again later: {@link #retryAfter()}
 * says when, if the server said. {@link #status()} is the last HTTP status (0 when no response came back), and the
 * cause is the {@link MaiaApiException} of that response or the I/O failure.
 *
 * <p>{@link #requestMayHaveBeenProcessed()} is true when an attempt may have reached the server without a
 * definite answer (timeout, dropped connection, a transient status other than 429): before repeating a call that
 * must not run twice (send message, decisions), read the task again.
 */
public class MaiaTransportException extends MaiaException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final Duration retryAfter;
    private final boolean requestMayHaveBeenProcessed;

    public MaiaTransportException(String message, Throwable cause) {
        this(message, cause, 0, null, true);
    }

    public MaiaTransportException(String message, Throwable cause, int status, Duration retryAfter,
            boolean requestMayHaveBeenProcessed) {
        super(message, cause);
        this.status = status;
        this.retryAfter = retryAfter;
        this.requestMayHaveBeenProcessed = requestMayHaveBeenProcessed;
    }

    /** The last HTTP status, or 0 when the failure was a connection problem. */
    public int status() {
        return status;
    }

    /** What the server's last {@code Retry-After} asked for, if it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Always true: the server could not be reached or could not answer now, so a later attempt may succeed. */
    @Override
    public boolean isTransient() {
        return true;
    }

    /** True when the server may have processed the request even though no success was seen. */
    public boolean requestMayHaveBeenProcessed() {
        return requestMayHaveBeenProcessed;
    }
}
