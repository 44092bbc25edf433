package io.jenkins.plugins.maia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import io.jenkins.plugins.maia.client.model.Problem;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one definition of a transient failure ({@link MaiaException#isTransient()}) and the transport retrying on it:
 * the follower and its project watch use the same definition, so a status is either tried again everywhere or
 * nowhere.
 */
class TransientFailureTest extends ApiTestSupport {

    @ParameterizedTest
    @ValueSource(ints = {408, 425, 429, 500, 502, 503, 504})
    void statusesTheServerMayAnswerDifferentlyLaterAreTransient(int status) {
        assertThat(MaiaException.isTransientStatus(status)).isTrue();
        assertThat(new MaiaApiException("Maia API " + status, status, null).isTransient()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 410, 422, 501, 505})
    void statusesThatSayTheRequestCannotSucceedAreNot(int status) {
        assertThat(MaiaException.isTransientStatus(status)).isFalse();
        assertThat(new MaiaApiException("Maia API " + status, status, new Problem(null, null, status, null, null,
                List.of())).isTransient()).isFalse();
    }

    @Test
    void connectionFailuresAreTransientAndEverythingElseIsNot() {
        assertThat(new MaiaTransportException("connection refused", new IOException("refused")).isTransient()).isTrue();
        assertThat(new MaiaTransportException("kept answering 503", null, 503, Duration.ofSeconds(2), true)
                .isTransient()).isTrue();
        assertThat(new InvalidRequestException(List.of(new InvalidRequestException.Violation("taskId", "blank")))
                .isTransient()).isFalse();
        assertThat(new TaskMayExistException("may exist", null).isTransient()).isFalse();
        assertThat(new MaiaException("the answer was not a task").isTransient()).isFalse();
    }

    @Test
    void theTransientStatusesAreTheDocumentedSeven() {
        assertThat(MaiaException.TRANSIENT_STATUSES).containsExactlyInAnyOrder(408, 425, 429, 500, 502, 503, 504);
    }

    @ParameterizedTest
    @ValueSource(ints = {425, 500})
    void safeCallsAreRetriedAfterEveryTransientStatus(int status) {
        server.enqueue(status(status));
        server.enqueue(json(200, taskJson("RUNNING", "[]")));

        assertThat(client().getTask(TASK_ID).taskId()).isEqualTo(TASK_ID);

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(sleeps).containsExactly(Duration.ofMillis(250));
        assertThat(budget.rateLimited).as("only a 429 pauses the budget").isEmpty();
    }

    @Test
    void aSafeCallIsRetriedAfter408sToo() {
        // OkHttp repeats a request after one 408 by itself; the second 408 reaches the client, which retries it.
        server.enqueue(status(408));
        server.enqueue(status(408));
        server.enqueue(json(200, taskJson("RUNNING", "[]")));

        assertThat(client().getTask(TASK_ID).taskId()).isEqualTo(TASK_ID);

        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(sleeps).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void aSafeCallStillFailingWithATransientStatusEndsInATransportException() {
        for (int i = 0; i < RetryPolicy.defaults().maxAttempts(); i++) {
            server.enqueue(status(500));
        }

        MaiaTransportException e = catchThrowableOfType(MaiaTransportException.class, () -> client().getTask(TASK_ID));

        assertThat(e.status()).isEqualTo(500);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.getCause()).isInstanceOf(MaiaApiException.class);
        assertThat(e.getMessage()).startsWith("Maia API 500 Internal Server Error on GET /v1/ai/agents/tasks/"
                + TASK_ID).endsWith("(after 5 attempts)");
        assertThat(server.getRequestCount()).isEqualTo(RetryPolicy.defaults().maxAttempts());
    }

    @Test
    void aCallThatMustNotRunTwiceIsNotRepeatedAfterA500AndSaysItMayHaveBeenProcessed() {
        server.enqueue(status(500));

        MaiaTransportException e = catchThrowableOfType(MaiaTransportException.class,
                () -> client().sendMessage(TASK_ID, FollowUpMessage.of("go on")));

        assertThat(e.status()).isEqualTo(500);
        assertThat(e.requestMayHaveBeenProcessed()).isTrue();
        assertThat(e.getMessage()).contains("may or may not have been processed", "read the task again");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aStatusThatIsNotTransientIsNeitherRetriedNorWrapped() {
        server.enqueue(status(501));

        MaiaApiException e = catchThrowableOfType(MaiaApiException.class, () -> client().getTask(TASK_ID));

        assertThat(e).isNotInstanceOf(MaiaTransportException.class);
        assertThat(e.status()).isEqualTo(501);
        assertThat(e.isTransient()).isFalse();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}
