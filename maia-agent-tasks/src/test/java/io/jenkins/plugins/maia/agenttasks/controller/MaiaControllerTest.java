package io.jenkins.plugins.maia.agenttasks.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.agenttasks.config.MaiaGlobalConfiguration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The facade's threads are the plugin's own, and nothing starts a follower again once shutdown began. */
@WithJenkins
class MaiaControllerTest {

    @Test
    void maiaWorkRunsOnTheMaiaThreadsNotOnJenkinsTimer(JenkinsRule j) throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        assertThat(MaiaController.execute(() -> {
            thread.set(Thread.currentThread().getName());
            ran.countDown();
        })).isTrue();
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(thread.get()).startsWith("Maia agent tasks").doesNotContain("jenkins.util.Timer");
        assertThat(MaiaThreads.size()).isEqualTo(MaiaThreads.DEFAULT_THREADS);
        assertThat(MaiaController.defaults()).isSameAs(MaiaGlobalConfiguration.get());
    }

    @Test
    void afterShutdownBeganNoFollowerIsStartedAgain(JenkinsRule j) {
        assertThat(MaiaController.follower()).isNotNull();
        assertThat(MaiaController.isShuttingDown()).isFalse();
        new SharedFollower.ShutdownListener().onBeforeShutdown();
        assertThat(MaiaController.isShuttingDown()).isTrue();
        assertThat(MaiaController.follower()).isNull();
        assertThat(MaiaController.follower()).isNull();
    }

    @Test
    void afterTerminationNothingRunsAndNoPoolIsCreatedAgain(JenkinsRule j) {
        MaiaThreads.shutDown();
        assertThat(MaiaController.execute(() -> { })).isFalse();
        assertThat((Object) MaiaController.schedule(() -> { }, java.time.Duration.ofSeconds(1))).isNull();
        assertThat(MaiaThreads.size()).isZero();
    }
}
