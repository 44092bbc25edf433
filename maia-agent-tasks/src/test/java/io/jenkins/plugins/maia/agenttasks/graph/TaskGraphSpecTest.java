package io.jenkins.plugins.maia.agenttasks.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** maiaAgentTasks' arguments read and checked without Jenkins: every problem at once, each naming its path. */
class TaskGraphSpecTest {

    private static final Set<String> OPTIONS = Set.of("message", "projectId", "approveTools", "targetBranchName");
    private final List<Map<String, Object>> checked = new ArrayList<>();

    private TaskGraphSpec parse(Map<String, Object> spec) throws AbortException {
        return TaskGraphSpec.parse(spec, OPTIONS, (id, args) -> {
            checked.add(args);
            if (!args.containsKey("message")) {
                throw new AbortException("message: missing: say what the agent should do");
            }
        });
    }

    private static Map<String, Object> task(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Test
    void sharedOptionsAreEachTasksDefaultsAndATaskOverridesThem() throws Exception {
        TaskGraphSpec spec = parse(task("projectId", "p1", "approveTools", "git_push", "maxConcurrent", 2,
                "failFast", true, "tasks", List.of(
                        task("id", "staging", "message", "build staging"),
                        task("id", "marts", "dependsOn", List.of("staging"), "message", "build marts",
                                "approveTools", "query_warehouse"))));
        assertThat(spec.order()).containsExactly("staging", "marts");
        assertThat(spec.dependsOn()).containsEntry("marts", List.of("staging")).containsEntry("staging", List.of());
        assertThat(spec.taskArgs().get("staging")).containsEntry("projectId", "p1")
                .containsEntry("approveTools", "git_push").doesNotContainKeys("id", "dependsOn");
        assertThat(spec.taskArgs().get("marts")).containsEntry("approveTools", "query_warehouse")
                .containsEntry("projectId", "p1");
        assertThat(spec.maxConcurrent()).isEqualTo(2);
        assertThat(spec.failFast()).isTrue();
        assertThat(spec.propagate()).isTrue();
        assertThat(checked).hasSize(2);
    }

    @Test
    void aSingleDependencyMayBeAStringAndDefaultsAreFourAtATimeNoFailFast() throws Exception {
        TaskGraphSpec spec = parse(task("tasks", List.of(task("id", "a", "message", "x"),
                task("id", "b", "dependsOn", "a", "message", "y")), "propagate", "false"));
        assertThat(spec.dependsOn().get("b")).containsExactly("a");
        assertThat(spec.maxConcurrent()).isEqualTo(4);
        assertThat(spec.failFast()).isFalse();
        assertThat(spec.propagate()).isFalse();
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsPath() {
        assertThatThrownBy(() -> parse(task("maxConcurrent", 0, "dependsOn", List.of("a"), "tasks", List.of(
                task("id", "staging", "mesage", "typo"),
                task("id", "marts", "dependsOn", List.of("stagng"), "message", "m"),
                "not a map",
                task("id", "x", "dependsOn", List.of("y"), "message", "m"),
                task("id", "y", "dependsOn", List.of("x"), "message", "m")))))
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("maiaAgentTasks: ")
                .hasMessageContaining("nothing was started")
                .hasMessageContaining("maxConcurrent: must be between 1 and")
                .hasMessageContaining("dependsOn: belongs to a task")
                .hasMessageContaining("tasks[0].mesage: not an option of maiaAgentTask (did you mean message?)")
                .hasMessageContaining("tasks[0] (staging): message: missing")
                .hasMessageContaining("tasks[1].dependsOn[0]: no task has the id 'stagng' (did you mean staging?)")
                .hasMessageContaining("tasks[2]: must be a map")
                .hasMessageContaining("a cycle: ");
    }

    @Test
    void missingTasksAndWrongTypesAreNamed() {
        assertThatThrownBy(() -> parse(task("failFast", "maybe", "projectId", "p")))
                .hasMessageContaining("tasks: missing")
                .hasMessageContaining("failFast: must be true or false, was 'maybe'");
        assertThatThrownBy(() -> parse(task("tasks", "staging")))
                .hasMessageContaining("tasks: must be a list of maps");
    }
}
