package io.jenkins.plugins.maia.sandbox;

/** The kinds of faults the sandbox counts in {@link SandboxStats#faults(FaultKind)}. */
public enum FaultKind {
    /** A response delayed by {@link Faults#latency()} (and jitter). */
    LATENCY,
    /** An injected 429 ({@link Faults#tooManyRequests()}). */
    TOO_MANY_REQUESTS,
    /** A 429 from the enforced {@link RateLimit}. */
    RATE_LIMITED,
    BAD_GATEWAY,
    SERVICE_UNAVAILABLE,
    GATEWAY_TIMEOUT,
    HTML_ERROR_PAGE,
    /** Connection closed before the request was handled. */
    DROPPED_CONNECTION,
    /** A request read and never answered, nor handled ({@link Faults#hang()}). */
    HUNG,
    /** Connection closed after the request was handled (the change happened, the client cannot know). */
    DROPPED_RESPONSE,
    SLOW_RESPONSE,
    /** A request refused because its issued token had expired (naturally or by {@link Faults#expireToken()}). */
    TOKEN_EXPIRED
}
