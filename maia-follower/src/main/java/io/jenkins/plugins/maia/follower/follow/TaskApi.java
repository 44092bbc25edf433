package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.MessagePage;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import java.util.List;

/**
 * The four calls a follow makes, as a narrow port. {@link TaskFollower#follow(io.jenkins.plugins.maia.client.MaiaClient,
 * FollowState, FollowOptions, FollowListener)} uses an adapter over {@code MaiaClient} (no retries inside a
 * call, the follower reschedules); tests and other transports can pass their own implementation to
 * {@link TaskFollower#follow(TaskApi, String, FollowState, FollowOptions, FollowListener)}.
 *
 * <p>Implementations throw the client's exceptions: {@code MaiaApiException} with the HTTP status,
 * {@code MaiaTransportException} for connection problems and exhausted retries. Each call must be bounded in
 * time (HTTP timeouts), because it runs on a shared scheduler thread. A 429 must also be reported to the
 * account's budget (the client does that through its {@code RequestBudget}).
 */
public interface TaskApi {

    Task getTask(String taskId);

    MessagePage getMessages(String taskId, int limit, String paginationToken);

    List<PendingDecision> submitDecisions(String taskId, List<Decision> decisions);

    void stopTask(String taskId);
}
