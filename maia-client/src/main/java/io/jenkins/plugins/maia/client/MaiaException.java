package io.jenkins.plugins.maia.client;

import java.util.Set;

/**
 * Base of every error the client throws. Messages are written for users and never contain a secret.
 *
 * <p>{@link #isTransient()} is the one definition of a failure that trying the same call again later may cure; the
 * client's transport retries on it, the follower backs off and tries again on it, and so does its project watch.
 */
public class MaiaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * The error statuses after which the same call may succeed later: 408 Request Timeout, 425 Too Early, 429 Too
     * Many Requests, 500 Internal Server Error, 502 Bad Gateway, 503 Service Unavailable, 504 Gateway Timeout. They
     * say that the server (or a proxy before it) could not answer now, not that the request is wrong. 500 is among
     * them because the API gives it no meaning beyond "the server failed", and a follow of hours should not end on
     * one passing failure. 501, 505 and the other 5xx say that the server cannot do this at all, and every other
     * 4xx that the request itself is wrong (401 after the token refresh, 403, 404, 400, 409, 422): trying again
     * cannot help.
     */
    public static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 425, 429, 500, 502, 503, 504);

    public MaiaException(String message) {
        super(message);
    }

    public MaiaException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * True when trying the same call again later may succeed: the server could not be reached or answered one of
     * {@link #TRANSIENT_STATUSES} ({@link MaiaTransportException}, and {@link MaiaApiException} with such a status).
     * False for an input refused before any call, for a status that says the request is wrong, and for an answer
     * that could not be understood.
     */
    public boolean isTransient() {
        return false;
    }

    /** Whether an HTTP error {@code status} is one of {@link #TRANSIENT_STATUSES}. */
    public static boolean isTransientStatus(int status) {
        return TRANSIENT_STATUSES.contains(status);
    }
}
