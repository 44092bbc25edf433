package io.jenkins.plugins.maia.follower.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.graph.GraphValidation.Node;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphValidationTest {

    private static Node node(String id, String... deps) {
        return new Node(id, Arrays.asList(deps));
    }

    private static List<String> problems(Node... nodes) {
        return GraphValidation.problems(List.of(nodes), 4);
    }

    @Test
    void aGraphWithRootsAndNoCycleHasNoProblem() {
        assertThat(problems(node("staging"), node("seeds"), node("marts", "staging", "seeds"), node("docs", "marts")))
                .isEmpty();
    }

    @Test
    void duplicateIdsNameBothPlaces() {
        assertThat(problems(node("staging"), node("marts"), node("staging")))
                .containsExactly("tasks[2].id: 'staging' is already the id of tasks[0]: give each task an id of its own");
    }

    @Test
    void anUnknownDependencySuggestsTheNearestId() {
        assertThat(problems(node("staging"), node("marts", "stagng")))
                .containsExactly("tasks[1].dependsOn[0]: no task has the id 'stagng' (did you mean staging?)");
        assertThat(problems(node("staging"), node("marts", "zzz")))
                .containsExactly("tasks[1].dependsOn[0]: no task has the id 'zzz' (the ids are staging, marts)");
    }

    @Test
    void aCycleIsNamedTaskByTaskAtTheDependencyThatClosesIt() {
        assertThat(problems(node("root"), node("a", "c"), node("b", "a"), node("c", "b")))
                .containsExactly("tasks[2].dependsOn[0]: a cycle: a -> c -> b -> a (each waits for the next), so none "
                        + "of them can start: remove one of these dependencies");
    }

    @Test
    void aTaskThatDependsOnItselfIsNamed() {
        assertThat(problems(node("root"), node("a", "root", "a")))
                .containsExactly("tasks[1].dependsOn[1]: 'a' depends on itself, so it can never start: remove it");
    }

    @Test
    void aGraphWithoutARootCanNeverStart() {
        assertThat(problems(node("a", "b"), node("b", "a")))
                .contains("tasks: every task depends on another, so none can start: give at least one task no dependsOn")
                .anyMatch(p -> p.contains("a cycle: a -> b -> a"));
    }

    @Test
    void idsDependenciesAndConcurrencyAreCheckedEach() {
        List<String> problems = GraphValidation.problems(List.of(node(""), node("has space"), node("ok", "ok2", null),
                node("ok2"), node("x", "ok2", "ok2")), 0);
        assertThat(problems).containsExactly(
                "maxConcurrent: must be between 1 and 1000, was 0 (the default is 4)",
                "tasks[0].id: missing: give every task an id, e.g. staging",
                "tasks[1].id: 'has space' is not a valid id: use letters, digits, '.', '_' and '-' (at most 64), "
                        + "starting with a letter or a digit",
                "tasks[2].dependsOn[1]: empty: name the id of a task this one waits for",
                "tasks[4].dependsOn[1]: 'ok2' is listed twice: list each dependency once");
        assertThat(GraphValidation.problems(List.of(), 4))
                .containsExactly("tasks: there is no task: list at least one task with an id and a message");
    }

    @Test
    void aTaskGraphRefusesAnInvalidGraphWithEveryProblem() {
        CreateTaskRequest request = CreateTaskRequest.builder().message("m").build();
        List<GraphTask> tasks = List.of(new GraphTask("a", List.of("b"), request, FollowOptions.defaults(), null),
                new GraphTask("a", List.of(), request, FollowOptions.defaults(), null));
        assertThatThrownBy(() -> new TaskGraph(tasks, 4, false))
                .isInstanceOfSatisfying(InvalidGraphException.class, e -> assertThat(e.problems()).containsExactly(
                        "tasks[1].id: 'a' is already the id of tasks[0]: give each task an id of its own",
                        "tasks[0].dependsOn[0]: no task has the id 'b' (the ids are a)"))
                .hasMessageContaining("tasks[0].dependsOn[0]");
    }
}
