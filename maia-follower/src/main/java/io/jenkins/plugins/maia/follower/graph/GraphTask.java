package io.jenkins.plugins.maia.follower.graph;

import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One task of a {@link TaskGraph}: its id in the graph (not the Maia task id, which exists only once it is created),
 * the ids it waits for, what to create and how to follow it.
 *
 * @param id        the task's name in the graph, unique; it prefixes its output and names its results
 * @param dependsOn ids of tasks that must FINISH before this one starts; empty for a root
 * @param request   the task to create
 * @param options   how to follow it (decisions, polling, who is asked)
 * @param timeout   how long to follow it from its start before giving up (TIMED_OUT); null = no limit
 */
public record GraphTask(String id, List<String> dependsOn, CreateTaskRequest request, FollowOptions options,
        Duration timeout) {

    public GraphTask {
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(options, "options");
    }
}
