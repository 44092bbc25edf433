package io.jenkins.plugins.maia.client;

import io.jenkins.plugins.maia.client.auth.AccessTokenSource;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import io.jenkins.plugins.maia.client.model.MessagePage;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskPage;
import io.jenkins.plugins.maia.client.model.TaskPermissions;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * Client for the nine endpoints of the Maia AI Agent Tasks API ({@code /v1/ai/agents/tasks}).
 * Immutable and thread-safe; build one with {@link #builder()}.
 *
 * <p>Every method validates its input before any call ({@link InvalidRequestException}), maps error
 * responses to {@link MaiaApiException}, and gives up with {@link MaiaTransportException} when the
 * server stays unreachable after the {@link RetryPolicy}. Only safe calls are retried;
 * {@link #createTask} is reconciled instead (see there).
 */
public final class MaiaClient {

    /** Largest page the messages endpoint serves. */
    public static final int MAX_MESSAGES_LIMIT = 1000;
    /** Largest page the list endpoint serves. */
    public static final int MAX_LIST_SIZE = 100;

    // TODO(foundation issue): implementation pending; the signatures below are the agreed API.

    private MaiaClient() {}

    public static Builder builder() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Creates a task. Never blindly retried: after an ambiguous failure (timeout, dropped connection,
     * 502/503/504) the client lists the project's tasks created since just before the call and returns
     * the one whose description matches the message; if none matches it throws
     * {@link TaskMayExistException}. A 429 is retried, because the server did not take the request.
     */
    public CreatedTask createTask(CreateTaskRequest request) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public TaskPage listTasks(TaskQuery query) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Task getTask(String taskId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** One page of events; {@code limit} 1..1000, {@code paginationToken} null for the first page. */
    public MessagePage getMessages(String taskId, int limit, String paginationToken) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Sends a follow-up (202), which resumes a stopped task. */
    public void sendMessage(String taskId, FollowUpMessage message) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Submits decisions (202) and returns the decisions still pending after processing. */
    public List<PendingDecision> submitDecisions(String taskId, List<Decision> decisions) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Requests a graceful stop (any 2xx). Poll {@link #getTask} until STOPPED. */
    public void stopTask(String taskId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Deletes a task (204). A RUNNING task gives 409, reported as a {@link MaiaApiException}. */
    public void deleteTask(String taskId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Replaces the task's whole list of granted tools; an empty list clears it. */
    public TaskPermissions replacePermissions(String taskId, List<String> toolNames) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The same client with another retry policy (shares the HTTP client and token cache). */
    public MaiaClient withRetryPolicy(RetryPolicy policy) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The same client drawing on another rate budget. */
    public MaiaClient withBudget(RequestBudget budget) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The server URL every path is appended to, e.g. {@code https://eu1.api.matillion.com/dpc}. */
    public String baseUrl() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Non-secret account identity (see {@link AccessTokenSource#identity()}), prefixed by the base URL. */
    public String accountKey() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Options: base URL (or region), token source, OkHttpClient, retry policy, budget. */
    public static final class Builder {
        private Builder() {}

        public Builder region(Region region) { throw new UnsupportedOperationException(); }

        /** Any https URL, or http to loopback only. */
        public Builder baseUrl(String baseUrl) { throw new UnsupportedOperationException(); }

        public Builder tokenSource(AccessTokenSource tokenSource) { throw new UnsupportedOperationException(); }

        /** The caller's configured client (Jenkins hands in a proxy-aware one). */
        public Builder httpClient(OkHttpClient httpClient) { throw new UnsupportedOperationException(); }

        public Builder retryPolicy(RetryPolicy policy) { throw new UnsupportedOperationException(); }

        public Builder budget(RequestBudget budget) { throw new UnsupportedOperationException(); }

        public MaiaClient build() { throw new UnsupportedOperationException(); }
    }
}
