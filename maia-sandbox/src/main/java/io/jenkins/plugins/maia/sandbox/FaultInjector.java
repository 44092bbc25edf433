package io.jenkins.plugins.maia.sandbox;

import java.util.Random;

/**
 * Decides, per request, which faults to inject. Every request draws the same number of values from one seeded
 * random, in a fixed order, so the same sequence of requests meets the same faults.
 */
final class FaultInjector {

    /** What to do to one request. {@code instead} is a fault that replaces handling (or null). */
    record Plan(long delayNanos, FaultKind instead, boolean expireToken, boolean dropResponse, boolean slow) {
        static final Plan NONE = new Plan(0, null, false, false, false);
    }

    private final Faults faults;
    private final Random random;

    FaultInjector(Faults faults, long seed) {
        this.faults = faults;
        this.random = new Random(seed);
    }

    synchronized Plan plan() {
        if (!faults.any()) {
            return Plan.NONE;
        }
        double jitter = random.nextDouble();
        double before = random.nextDouble();
        double expire = random.nextDouble();
        double after = random.nextDouble();

        long delay = faults.latency().toNanos() + (long) (jitter * faults.latencyJitter().toNanos());

        // The faults that replace handling exclude one another: one draw, consecutive ranges.
        FaultKind instead = null;
        double edge = faults.dropConnection();
        if (before < edge) {
            instead = FaultKind.DROPPED_CONNECTION;
        } else if (before < (edge += faults.tooManyRequests())) {
            instead = FaultKind.TOO_MANY_REQUESTS;
        } else if (before < (edge += faults.badGateway())) {
            instead = FaultKind.BAD_GATEWAY;
        } else if (before < (edge += faults.serviceUnavailable())) {
            instead = FaultKind.SERVICE_UNAVAILABLE;
        } else if (before < (edge += faults.gatewayTimeout())) {
            instead = FaultKind.GATEWAY_TIMEOUT;
        } else if (before < edge + faults.htmlErrorPage()) {
            instead = FaultKind.HTML_ERROR_PAGE;
        }
        boolean dropResponse = after < faults.dropResponse();
        boolean slow = !dropResponse && after < faults.dropResponse() + faults.slowResponse();
        return new Plan(delay, instead, expire < faults.expireToken(), dropResponse, slow);
    }
}
