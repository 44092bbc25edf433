package io.jenkins.plugins.maia.sandbox;

import java.time.Duration;

/**
 * Told of every request the sandbox answered (or dropped), for a request log such as {@code maia sandbox --verbose}.
 * Called on the server's worker threads; it must return quickly. It is given no header, query or body, so it never
 * sees a token or a client secret.
 */
@FunctionalInterface
public interface RequestListener {

    /**
     * @param method the HTTP method
     * @param path   the request path, without the query
     * @param status the status answered, or 0 when the connection was dropped without an answer (a fault)
     * @param took   from the request's arrival to its answer (injected latency included)
     */
    void answered(String method, String path, int status, Duration took);
}
