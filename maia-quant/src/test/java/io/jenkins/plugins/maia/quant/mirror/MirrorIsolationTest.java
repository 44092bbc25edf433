package io.jenkins.plugins.maia.quant.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On its own real thread, the mirror never makes its caller wait: with Quant holding every request, a thousand
 * listener calls and the end of the task all return, and the last state still arrives once Quant answers.
 */
class MirrorIsolationTest extends MirrorTestSupport {

    @Test
    @Timeout(120) // a guard against a hang if the mirror ever blocked its caller, not a measurement
    void aQuantThatDoesNotAnswerHoldsUpNothing() throws Exception {
        CountDownLatch quantAnswers = new CountDownLatch(1);
        AtomicInteger arrived = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                arrived.incrementAndGet();
                quantAnswers.await();
                return quant.dispatch(request);
            }
        });
        QuantMirror mirror = QuantMirror.builder().client(client()).taskListId(LIST).createdBy("maia-cli")
                .warnings(warnings::add).minUpdateInterval(Duration.ofMillis(1)).build();
        MirroredTask t = mirror.add(entry("run", "Fix the orders pipeline"));
        t.started(MAIA_TASK);
        FollowListener listener = t.listener();
        for (int i = 0; i < 1000; i++) {
            listener.onStatus(i % 2 == 0 ? running() : paused(tool("git_push", "Push")));
            listener.onEvent(agentSays("step " + i));
        }
        t.ended(result(FollowOutcome.FINISHED, task(TaskStatus.STOPPED, List.of(), "maia/x"), "Done.", "finished"), null);

        assertThat(quantAnswers.getCount()).as("everything returned while Quant had not answered once").isEqualTo(1);
        assertThat(arrived.get()).as("at most the create is waiting at Quant").isLessThanOrEqualTo(1);
        quantAnswers.countDown();
        MirrorReport report = mirror.close(Duration.ofSeconds(60));
        assertThat(report.complete()).isTrue();
        assertThat(quant.task("Fix the orders pipeline").path("status").asText()).isEqualTo("completed");
        assertThat(quant.writes().size()).as("a thousand changes coalesced into a few writes").isLessThan(10);
    }
}
