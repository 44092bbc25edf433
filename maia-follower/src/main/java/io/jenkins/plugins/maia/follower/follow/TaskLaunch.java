package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.TaskMayExistException;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates a task at most once, across retries and restarts, although the API has no idempotency key. The caller
 * says which case it is in:
 *
 * <ol>
 *   <li>Record "create requested at T" (durably, if the process may restart), then call {@link #create} once.</li>
 *   <li>Every later attempt for the same request, whether a retry after a {@link TaskMayExistException} or a
 *       resumed step after a restart, calls {@link #resume} with the same T. It looks for the task the earlier
 *       attempt may have made first, and creates one only if none is found.</li>
 * </ol>
 */
public final class TaskLaunch {

    /** How far before T a resumed attempt looks, for a server clock slightly behind ours. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /**
     * Only for {@link #createOrReconcile}: a request recorded less than this long ago, and not attempted yet in this
     * process, is taken as a first attempt.
     *
     * @deprecated use {@link #create} and {@link #resume}, which need no guess
     */
    @Deprecated
    public static final Duration FIRST_ATTEMPT_WINDOW = Duration.ofSeconds(5);

    /** Requests {@link #createOrReconcile} already attempted in this process, oldest first (bounded). */
    private static final Map<String, Boolean> ATTEMPTED = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 1_000;
        }
    };

    private TaskLaunch() {}

    /**
     * The first attempt at creating {@code request}: record the time first (for {@link #resume}), then call this
     * once. The client itself looks for the task when the create call fails ambiguously; if it cannot tell, it
     * throws {@link TaskMayExistException}, and the next attempt must be {@link #resume}.
     */
    public static CreatedTask create(MaiaClient client, CreateTaskRequest request) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(request, "request");
        return client.createTask(request);
    }

    /**
     * Any attempt after the first: returns the project's task created since {@code requestedAt} (minus
     * {@link #CLOCK_SKEW}) with the same message, and creates one only if there is none. If the tasks cannot be
     * listed, it throws and creates nothing; try again later with the same {@code requestedAt}.
     *
     * <p>Known limit: it takes the newest task of the project with the same message created in that window, so two
     * runs with the identical message started within seconds of each other could be confused; give each run's
     * message something unique (a build number) when that can happen.
     *
     * @param requestedAt the time recorded before the first attempt
     */
    public static CreatedTask resume(MaiaClient client, CreateTaskRequest request, Instant requestedAt) {
        return resume(client, request, requestedAt, Instant.now());
    }

    static CreatedTask resume(MaiaClient client, CreateTaskRequest request, Instant requestedAt, Instant now) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(request, "request");
        checkRequestedAt(requestedAt, now);
        Optional<CreatedTask> found = client.findCreatedTask(request, requestedAt.minus(CLOCK_SKEW));
        return found.isPresent() ? found.get() : client.createTask(request);
    }

    /**
     * Creates directly only when {@code requestedAt} is less than {@link #FIRST_ATTEMPT_WINDOW} old and this process
     * has not attempted this request with this {@code requestedAt} before; otherwise it is {@link #resume}.
     *
     * @deprecated it has to guess whether an attempt was made, and cannot know of one made by another process within
     *     the window. Call {@link #create} for the first attempt and {@link #resume} for every later one.
     */
    @Deprecated
    public static CreatedTask createOrReconcile(MaiaClient client, CreateTaskRequest request, Instant requestedAt) {
        return createOrReconcile(client, request, requestedAt, Instant.now());
    }

    @Deprecated
    static CreatedTask createOrReconcile(MaiaClient client, CreateTaskRequest request, Instant requestedAt,
            Instant now) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(request, "request");
        checkRequestedAt(requestedAt, now);
        boolean recent = Duration.between(requestedAt, now).compareTo(FIRST_ATTEMPT_WINDOW) < 0;
        boolean firstHere;
        String key = requestedAt + "|" + client.accountKey() + "|" + request.hashCode();
        synchronized (ATTEMPTED) {
            firstHere = ATTEMPTED.put(key, Boolean.TRUE) == null; // recorded before the call: a failed one counts
        }
        return recent && firstHere ? create(client, request) : resume(client, request, requestedAt, now);
    }

    private static void checkRequestedAt(Instant requestedAt, Instant now) {
        if (requestedAt == null) {
            throw new IllegalArgumentException("requestedAt is missing: record the time just before the first create "
                    + "attempt and pass it on every later attempt");
        }
        if (requestedAt.isAfter(now.plus(CLOCK_SKEW))) {
            throw new IllegalArgumentException("requestedAt (" + requestedAt + ") is in the future: pass the time "
                    + "recorded before the first create attempt");
        }
    }
}
