package io.jenkins.plugins.maia.sandbox;

import java.util.Random;

/**
 * Decides, per request, which faults to inject. Every request draws the same number of values from one seeded
 * random, in a fixed order, so the same sequence of requests meets the same faults. The faults can be replaced
 * while the server runs ({@link #replace}); each plan keeps the faults it was drawn from.
 */
final class FaultInjector {

    /**
     * What to do to one request. {@code instead} is a fault that replaces handling (or null); {@code faults} are the
     * settings the plan was drawn from (the delay of a slow response, the Retry-After of a 429, ...).
     */
    record Plan(Faults faults, long delayNanos, FaultKind instead, boolean expireToken, boolean dropResponse,
            boolean slow) {
        static Plan none(Faults faults) {
            return new Plan(faults, 0, null, false, false, false);
        }
    }

    private Faults faults;
    private final Random random;

    FaultInjector(Faults faults, long seed) {
        this.faults = faults;
        this.random = new Random(seed);
    }

    /** The faults in force. */
    synchronized Faults faults() {
        return faults;
    }

    /** From the next request on, these faults apply; requests already planned keep theirs. */
    synchronized void replace(Faults newFaults) {
        this.faults = java.util.Objects.requireNonNull(newFaults, "faults");
    }

    /** The plan of a request the faults may touch. */
    synchronized Plan plan() {
        if (!faults.any()) {
            return Plan.none(faults);
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
        } else if (before < (edge += faults.htmlErrorPage())) {
            instead = FaultKind.HTML_ERROR_PAGE;
        } else if (before < edge + faults.hang()) {
            instead = FaultKind.HUNG;
        }
        boolean dropResponse = after < faults.dropResponse();
        boolean slow = !dropResponse && after < faults.dropResponse() + faults.slowResponse();
        return new Plan(faults, delay, instead, expire < faults.expireToken(), dropResponse, slow);
    }
}
