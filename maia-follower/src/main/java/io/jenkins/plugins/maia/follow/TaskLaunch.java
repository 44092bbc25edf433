package io.jenkins.plugins.maia.follow;

import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates a task at most once across a restart. A caller that must survive restarts (a Jenkins step) first
 * persists "create requested at T", then calls {@link #createOrReconcile}; if the process dies after the create
 * but before the task id was saved, calling again with the same T finds the task instead of starting a second
 * agent (the API has no idempotency key).
 */
public final class TaskLaunch {

    /**
     * A request recorded less than this long ago is a first attempt: it is created directly, without first
     * listing tasks. A restart takes longer than this, so a resumed attempt always looks first.
     */
    public static final Duration FIRST_ATTEMPT_WINDOW = Duration.ofSeconds(5);
    /** How far before T a resumed attempt looks, for a server clock slightly behind ours. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private TaskLaunch() {}

    /**
     * Returns the task created for {@code request}: found among the project's tasks created since
     * {@code requestedAt} (minus {@link #CLOCK_SKEW}) with the same message, or created now.
     *
     * <p>Known limit: a resumed attempt takes the newest task of the project with the same message created in
     * that window, so two runs with the identical message started within seconds of each other could be
     * confused; give each run's message something unique (a build number) when that can happen.
     *
     * @param requestedAt when the caller recorded the create request, before the first attempt
     */
    public static CreatedTask createOrReconcile(MaiaClient client, CreateTaskRequest request, Instant requestedAt) {
        return createOrReconcile(client, request, requestedAt, Instant.now());
    }

    static CreatedTask createOrReconcile(MaiaClient client, CreateTaskRequest request, Instant requestedAt,
            Instant now) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(request, "request");
        if (requestedAt == null) {
            throw new IllegalArgumentException("requestedAt is missing: record the time just before the first create "
                    + "attempt and pass it on every attempt");
        }
        if (requestedAt.isAfter(now.plus(CLOCK_SKEW))) {
            throw new IllegalArgumentException("requestedAt (" + requestedAt + ") is in the future: pass the time "
                    + "recorded before the first create attempt");
        }
        boolean firstAttempt = Duration.between(requestedAt, now).compareTo(FIRST_ATTEMPT_WINDOW) < 0;
        if (!firstAttempt) {
            Optional<CreatedTask> found = client.findCreatedTask(request, requestedAt.minus(CLOCK_SKEW));
            if (found.isPresent()) {
                return found.get();
            }
        }
        return client.createTask(request);
    }
}
