package io.jenkins.plugins.maia.agenttasks.quant;

import java.util.List;

/**
 * Where a Maia task sits in a task graph, for its Quant task: {@code key} is the graph task's id (unique in the
 * build's task list) and {@code dependsOn} the ids of the graph tasks it waits for. Their Quant ids become the Quant
 * task's {@code dependsOn}, so they must be declared (or attached) before it. A task without a placement is keyed by
 * its Maia task id and depends on nothing.
 */
public record QuantPlacement(String key, List<String> dependsOn) {

    public QuantPlacement {
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }
}
