package io.jenkins.plugins.maia.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One chaos run: how many tasks, which faults, and the timings of the client, the follower and the sandbox.
 * The fault rates are those of issue 6: 20% 5xx, 10% 429 with Retry-After, 5% dropped connections (half before
 * the server handled the request, half after it did, so a create can be lost after the task was created) and
 * slow responses that outlast the client's read timeout.
 *
 * @param tasks             tasks created and followed
 * @param seed              seed of the sandbox's fault dice, for a repeatable fault mix
 * @param serverErrors      probability of a 502, 503 or 504 instead of an answer
 * @param tooManyRequests   probability of a 429 with {@code Retry-After: retryAfterSeconds}
 * @param retryAfterSeconds the Retry-After of those 429s
 * @param droppedConnections probability of a dropped connection; half before handling, half after
 * @param slowResponses     probability of an answer held back past the client's read timeout (after handling)
 * @param readTimeout       the client's read timeout; slow answers come {@code readTimeout + 500 ms} late
 * @param pacing            time between the scripted agents' steps
 * @param launchers         tasks created at the same time (each creator is a blocking caller, like a CI job)
 * @param followerThreads   threads of the follower's shared scheduler
 * @param longRunningEvents messages of the long-running scenario (several pages each)
 * @param messagePageSize   events per messages call (small, so pagination meets faults too)
 * @param followTimeout     deadline of each follow; a follow still going then counts as a wrong outcome
 * @param workDir           where transcripts are written
 */
public record ChaosSettings(
        int tasks,
        long seed,
        double serverErrors,
        double tooManyRequests,
        int retryAfterSeconds,
        double droppedConnections,
        double slowResponses,
        Duration readTimeout,
        Duration pacing,
        int launchers,
        int followerThreads,
        int longRunningEvents,
        int messagePageSize,
        Duration followTimeout,
        Path workDir) {

    /** The full run of issue 6. */
    public static final int FULL_SIZE = 500;

    public ChaosSettings {
        if (tasks < 1) {
            throw new IllegalArgumentException("tasks must be at least 1, was " + tasks);
        }
        if (launchers < 1 || followerThreads < 1) {
            throw new IllegalArgumentException("launchers and followerThreads must be at least 1");
        }
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(pacing, "pacing");
        Objects.requireNonNull(followTimeout, "followTimeout");
        Objects.requireNonNull(workDir, "workDir");
    }

    /** Issue 6's fault mix with timings that keep a 40-task run well under a minute on two cores. */
    public static ChaosSettings defaults(int tasks, Path workDir) {
        return new ChaosSettings(tasks, 6L, 0.20, 0.10, 1, 0.05, 0.02, Duration.ofSeconds(1), Duration.ofMillis(25),
                8, 4, 120, 50, Duration.ofMinutes(10), workDir);
    }

    public ChaosSettings withTasks(int newTasks) {
        return new ChaosSettings(newTasks, seed, serverErrors, tooManyRequests, retryAfterSeconds, droppedConnections,
                slowResponses, readTimeout, pacing, launchers, followerThreads, longRunningEvents, messagePageSize,
                followTimeout, workDir);
    }

    public ChaosSettings withSeed(long newSeed) {
        return new ChaosSettings(tasks, newSeed, serverErrors, tooManyRequests, retryAfterSeconds, droppedConnections,
                slowResponses, readTimeout, pacing, launchers, followerThreads, longRunningEvents, messagePageSize,
                followTimeout, workDir);
    }

    /** How late a slow answer comes: past the read timeout, so the client gives up on it. */
    public Duration slowResponseDelay() {
        return readTimeout.plusMillis(500);
    }
}
