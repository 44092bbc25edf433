package io.jenkins.plugins.maia.reliability;

import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import java.io.IOException;
import java.util.List;

/** What happened to one task of a chaos run. Written by one thread at a time (launch, then finish, then verify). */
final class ChaosTaskRun {
    final int index;
    final ChaosScenario kind;
    final long seed;
    volatile String taskId;
    volatile int createRetries;
    final List<String> createFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile long eventsDelivered;
    volatile long eventsWritten;
    volatile FollowResult result;
    volatile Transcripts transcripts;
    volatile Throwable followFailure;
    volatile Throwable launchFailure;
    volatile IOException transcriptFailure;

    ChaosTaskRun(int index, ChaosScenario kind, long seed) {
        this.index = index;
        this.kind = kind;
        this.seed = seed;
    }

    String branch() {
        return "chaos/task-" + index;
    }

    CreateTaskRequest request() {
        CreateTaskRequest.Builder b = CreateTaskRequest.builder()
                .message("[scenario:" + kind.scenarioName() + "] chaos run " + seed + ", task " + index
                        + ": follow me through the faults")
                .projectId(ChaosHarness.PROJECT_ID)
                .environmentName("chaos")
                .sourceBranchName("main");
        return kind.generateBranch() ? b.generateBranch(true).build() : b.targetBranchName(branch()).build();
    }

    ChaosTaskRun failedLaunch(Throwable e) {
        if (taskId == null) {
            launchFailure = e;
        } else if (followFailure == null && result == null) {
            followFailure = e;
        }
        return this;
    }

    String label() {
        return "task " + index + " (" + kind + (taskId == null ? "" : ", " + taskId) + ")";
    }
}
