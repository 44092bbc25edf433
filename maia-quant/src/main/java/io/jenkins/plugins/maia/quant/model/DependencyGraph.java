package io.jenkins.plugins.maia.quant.model;

import java.util.List;
import java.util.Map;

/**
 * Response of {@code GET .../ai/tasks/{taskListId}/dependency-graph}: the tasks without dependencies
 * ({@code roots}), those nothing depends on ({@code leaves}), and per task id its {@link Node}. The vendor types
 * {@code graph} only as "an object"; entries that are not objects are left out.
 */
public record DependencyGraph(String taskListId, Integer taskCount, List<String> roots, List<String> leaves,
        Map<String, Node> graph) {

    public DependencyGraph {
        roots = roots == null ? List.of() : List.copyOf(roots);
        leaves = leaves == null ? List.of() : List.copyOf(leaves);
        graph = graph == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(graph));
    }

    /** One task in the graph: its summary and both directions of its edges. */
    public record Node(String title, QuantStatus status, List<String> dependsOn, List<String> dependents) {
        public Node {
            dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
            dependents = dependents == null ? List.of() : List.copyOf(dependents);
        }
    }
}
