package io.jenkins.plugins.maia.client;

import io.jenkins.plugins.maia.client.internal.ApiCall;
import io.jenkins.plugins.maia.client.internal.ApiRequest;
import io.jenkins.plugins.maia.client.internal.ApiResponse;
import io.jenkins.plugins.maia.client.internal.Endpoints;
import io.jenkins.plugins.maia.client.internal.Transport;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import io.jenkins.plugins.maia.client.model.TaskPage;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * A {@link MaiaClient}'s calls as scheduled operations, for callers whose threads must never wait on Maia (a Jenkins
 * controller's shared timer, a follower's scheduler). Get one with {@link MaiaClient#scheduled}.
 *
 * <p>Each method checks its input at once (throwing {@link InvalidRequestException}) and returns a future. No thread
 * sleeps or blocks: every attempt (retries included) runs when the {@link AttemptGate} lets it, and the wait before a
 * retry, the backoff or the server's {@code Retry-After}, is a task scheduled on the scheduler. The rules are exactly
 * the blocking client's: the same {@link RetryPolicy} decides which failures are retried and how long to wait, a 429
 * is reported to the client's {@link RequestBudget}, and the create is the same duplicate-safe create. The futures
 * complete, with the value or with the exception the blocking call would throw, on the thread of the last attempt:
 * move longer work elsewhere with the {@code ...Async} stages. Cancelling the future of a single call stops its
 * further attempts; a create runs to its end once started (stopping between the POST and the search for the task it
 * may have made would leave nobody knowing whether it exists).
 *
 * <p>HTTP I/O itself is blocking (OkHttp): an attempt holds a scheduler thread for the length of one call, bounded by
 * the HTTP client's timeouts, so the scheduler's size bounds the calls in flight.
 */
public final class ScheduledMaiaClient {

    private final Transport transport;
    private final ScheduledExecutorService scheduler;
    private final AttemptGate gate;
    private final TaskCreation creation;

    ScheduledMaiaClient(Transport transport, ScheduledExecutorService scheduler, AttemptGate gate) {
        this.transport = transport;
        this.scheduler = scheduler;
        this.gate = gate;
        this.creation = new TaskCreation(this::send, transport.clock());
    }

    /**
     * The first attempt at creating a task: see {@link MaiaClient#createTask(CreateTaskRequest)}. Fails with
     * {@link TaskMayExistException} when an ambiguous failure cannot be settled; the next attempt must then be
     * {@link #createTask(CreateTaskRequest, Instant)}.
     */
    public CompletableFuture<CreatedTask> createTask(CreateTaskRequest request) {
        return creation.create(request);
    }

    /** Any attempt after the first: see {@link MaiaClient#createTask(CreateTaskRequest, Instant)}. */
    public CompletableFuture<CreatedTask> createTask(CreateTaskRequest request, Instant requestedAt) {
        return creation.createAfter(request, requestedAt);
    }

    /** See {@link MaiaClient#findCreatedTask}. */
    public CompletableFuture<Optional<CreatedTask>> findCreatedTask(CreateTaskRequest request, Instant since) {
        return creation.find(request, since);
    }

    /** See {@link MaiaClient#listTasks}. */
    public CompletableFuture<TaskPage> listTasks(TaskQuery query) {
        return call(Endpoints.listTasks(query), gate::whenPermitted);
    }

    /** A follow-up message; see {@link MaiaClient#sendMessage}. */
    public CompletableFuture<Void> sendMessage(String taskId, FollowUpMessage message) {
        return call(Endpoints.sendMessage(taskId, message), gate::whenPermitted);
    }

    /** A stop request, ahead of routine calls at the gate; see {@link MaiaClient#stopTask}. */
    public CompletableFuture<Void> stopTask(String taskId) {
        return call(Endpoints.stopTask(taskId), gate::whenPermittedUrgently);
    }

    private <T> CompletableFuture<T> call(ApiCall<T> call, Consumer<Runnable> permit) {
        CompletableFuture<ApiResponse> sent = transport.submit(call.request(), permit, scheduler);
        CompletableFuture<T> result = sent.thenApply(call::read);
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                sent.cancel(false); // no further attempts
            }
        });
        return result;
    }

    private CompletableFuture<ApiResponse> send(ApiRequest request) {
        return transport.submit(request, gate::whenPermitted, scheduler);
    }
}
