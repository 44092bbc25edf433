package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.follower.follow.FollowPlan;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One task of a batch, its settings merged (the task's own, then {@code defaults}, then the command line) and
 * checked: what to create, how to follow it (with when a finish after a rejected tool call is a failure, exit 7),
 * and its decision options by where they came from (for the warnings
 * about tools that are not documented or matched nothing).
 */
record BatchTask(String id, List<String> dependsOn, CreateTaskRequest request, FollowPlan plan, Duration timeout,
        Map<String, List<String>> decisionOptions, Map<Integer, String> answers, boolean failOnRejection) {}
