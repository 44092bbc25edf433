package io.jenkins.plugins.maia.client;

import io.jenkins.plugins.maia.client.internal.ApiCall;
import io.jenkins.plugins.maia.client.internal.ApiRequest;
import io.jenkins.plugins.maia.client.internal.ApiResponse;
import io.jenkins.plugins.maia.client.internal.Endpoints;
import io.jenkins.plugins.maia.client.internal.LenientInstants;
import io.jenkins.plugins.maia.client.internal.RequestChecks;
import io.jenkins.plugins.maia.client.internal.Violations;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.TaskPage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Creating a task at most once although the API has no idempotency key: the first attempt, the reconciliation after
 * an ambiguous failure, and every later attempt, which looks for the task before creating one. Written once over a
 * way of sending requests that returns futures, so the blocking client ({@link MaiaClient}, whose futures are
 * complete when returned) and the scheduled one ({@link ScheduledMaiaClient}) follow the same steps.
 */
final class TaskCreation {
    /**
     * How far before a create (its call, or the time the caller recorded before its first attempt) the search for the
     * task it made looks, so that a server clock behind ours still finds it. The project's one clock-skew margin.
     */
    static final Duration CLOCK_SKEW_MARGIN = Duration.ofMinutes(2);

    private static final Logger LOG = Logger.getLogger(TaskCreation.class.getName());

    private final Function<ApiRequest, CompletableFuture<ApiResponse>> send;
    private final Clock clock;

    TaskCreation(Function<ApiRequest, CompletableFuture<ApiResponse>> send, Clock clock) {
        this.send = send;
        this.clock = clock;
    }

    /** The first attempt: creates, and after an ambiguous failure looks for the task it may have made. */
    CompletableFuture<CreatedTask> create(CreateTaskRequest request) {
        ApiRequest api = Endpoints.create(request);
        Instant callStart = clock.instant();
        return send.apply(api).handle((response, error) -> {
            MaiaException failure;
            if (error != null) {
                Throwable cause = unwrap(error);
                if (!(cause instanceof MaiaTransportException t) || !t.requestMayHaveBeenProcessed()) {
                    return CompletableFuture.<CreatedTask>failedFuture(cause);
                }
                failure = t;
            } else {
                try {
                    return CompletableFuture.completedFuture(Endpoints.created(api, response));
                } catch (MaiaException e) {
                    failure = e;
                }
            }
            return reconcile(request, callStart, failure);
        }).thenCompose(Function.identity());
    }

    /** Any attempt after the first: the task created since {@code requestedAt} if there is one, else a new one. */
    CompletableFuture<CreatedTask> createAfter(CreateTaskRequest request, Instant requestedAt) {
        RequestChecks.checkCreate(request);
        Violations v = new Violations();
        if (requestedAt == null) {
            v.add("requestedAt", "is missing; record the time just before the first create attempt and pass it on"
                    + " every later attempt");
        } else if (requestedAt.isAfter(clock.instant().plus(CLOCK_SKEW_MARGIN))) {
            v.add("requestedAt", LenientInstants.format(requestedAt) + " is in the future; pass the time recorded"
                    + " before the first create attempt");
        }
        v.throwIfAny();
        return find(request, requestedAt.minus(CLOCK_SKEW_MARGIN)).thenCompose(found -> found.isPresent()
                ? CompletableFuture.completedFuture(found.get()) : create(request));
    }

    /** The task a create with {@code request} made at or after {@code since}; see {@link CreatedTaskSearch}. */
    CompletableFuture<Optional<CreatedTask>> find(CreateTaskRequest request, Instant since) {
        RequestChecks.checkCreate(request);
        if (since == null) {
            new Violations().add("since", "is missing; pass the time just before the create call").throwIfAny();
        }
        return nextPage(new CreatedTaskSearch(request, since));
    }

    private CompletableFuture<Optional<CreatedTask>> nextPage(CreatedTaskSearch search) {
        ApiCall<TaskPage> call = Endpoints.listTasks(search.nextQuery());
        return send.apply(call.request()).thenApply(call::read).thenCompose(page -> search.take(page)
                ? nextPage(search) : CompletableFuture.completedFuture(search.result()));
    }

    private CompletableFuture<CreatedTask> reconcile(CreateTaskRequest request, Instant callStart,
            MaiaException failure) {
        Instant since = callStart.minus(CLOCK_SKEW_MARGIN);
        String projectId = request.agentConfig().projectId();
        return find(request, since).handle((found, error) -> {
            if (error != null) {
                Throwable cause = unwrap(error);
                if (!(cause instanceof MaiaException e)) {
                    return CompletableFuture.<CreatedTask>failedFuture(cause);
                }
                TaskMayExistException x = new TaskMayExistException(mayExist(projectId, failure,
                        "Listing the project's tasks to check failed too (" + e.getMessage() + ")."), failure);
                x.addSuppressed(e);
                return CompletableFuture.<CreatedTask>failedFuture(x);
            }
            if (found.isPresent()) {
                LOG.log(Level.INFO, "Creating a Maia task failed ambiguously ({0}); found the task {1} that it"
                        + " created", new Object[] {failure.getMessage(), found.get().taskId()});
                return CompletableFuture.completedFuture(found.get());
            }
            return CompletableFuture.<CreatedTask>failedFuture(new TaskMayExistException(mayExist(projectId, failure,
                    "No task with this message was found among the project's tasks created since "
                            + LenientInstants.format(since) + ", but a new task can take a moment to be listed."),
                    failure));
        }).thenCompose(Function.identity());
    }

    private static String mayExist(String projectId, MaiaException failure, String what) {
        return "The Maia task may have been created although the create call failed: " + failure.getMessage() + ". "
                + what + " Check with `maia tasks list --project-id " + projectId + "` before creating it again:"
                + " the API has no idempotency key, so a second create would start a second agent.";
    }

    /** The exception a future failed with, without the wrapping of the stages it passed. */
    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
