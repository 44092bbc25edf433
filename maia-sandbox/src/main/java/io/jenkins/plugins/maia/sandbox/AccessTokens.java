package io.jenkins.plugins.maia.sandbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bearer tokens the sandbox accepts: static ones from the options (never expire) and ones issued by the
 * token endpoint (expire after their lifetime). Expired tokens are remembered so that a client is told
 * "expired" rather than "unknown".
 */
final class AccessTokens {

    enum Check {
        VALID,
        EXPIRED,
        UNKNOWN
    }

    /** Beyond this many issued tokens, long-expired ones are forgotten. */
    private static final int REMEMBERED = 100_000;

    private final Set<String> staticTokens;
    private final Clock clock;
    private final Map<String, Instant> issued = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    AccessTokens(Set<String> staticTokens, Clock clock) {
        this.staticTokens = Set.copyOf(staticTokens);
        this.clock = clock;
    }

    String issue(Duration lifetime) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = "sbx." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        if (issued.size() >= REMEMBERED) {
            Instant forgetBefore = clock.instant().minus(Duration.ofHours(1));
            issued.values().removeIf(expiry -> expiry.isBefore(forgetBefore));
        }
        issued.put(token, clock.instant().plus(lifetime));
        return token;
    }

    Check check(String token) {
        if (staticTokens.contains(token)) {
            return Check.VALID;
        }
        Instant expiry = issued.get(token);
        if (expiry == null) {
            return Check.UNKNOWN;
        }
        return clock.instant().isBefore(expiry) ? Check.VALID : Check.EXPIRED;
    }

    /** Expires an issued token now; static tokens cannot expire. Returns whether it was an issued token. */
    boolean expire(String token) {
        return issued.computeIfPresent(token, (t, expiry) -> clock.instant()) != null;
    }
}
