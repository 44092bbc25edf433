package io.jenkins.plugins.maia.sandbox.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Built-in scenarios, scenario files, and the errors bad files get. */
class ScenarioTest {

    @TempDir
    Path dir;

    @Test
    void everyBuiltInLoads() {
        assertThat(Scenario.builtInNames())
                .containsExactly("happy-path", "approval-and-question", "branch-generation", "errored", "long-running");
        for (String name : Scenario.builtInNames()) {
            Scenario scenario = Scenario.load(name);
            assertThat(scenario.name()).isEqualTo(name);
            assertThat(scenario.description()).isNotBlank();
            assertThat(scenario.steps()).isNotEmpty();
        }
    }

    @Test
    void theReadmeDemoHasAnApprovalAQuestionAndAPush() {
        List<Step> steps = Scenario.builtIn("approval-and-question").steps();

        assertThat(steps).filteredOn(Step.Tool.class::isInstance).singleElement()
                .extracting(s -> ((Step.Tool) s).calls().get(0).name()).isEqualTo("query_warehouse");
        Step.Ask ask = (Step.Ask) steps.stream().filter(Step.Ask.class::isInstance).findFirst().orElseThrow();
        assertThat(ask.questions().get(0).options()).hasSizeBetween(2, 3);
        assertThat(steps).anyMatch(Step.Push.class::isInstance);
        assertThat(steps.get(steps.size() - 1)).isInstanceOf(Step.Finish.class);
    }

    @Test
    void longRunningSizeIsConfigurable() {
        Step.Say progress = (Step.Say) Scenario.longRunning(90).steps().get(1);

        assertThat(progress.repeat()).isEqualTo(90);
        assertThat(progress.perTick()).isEqualTo(3);
        assertThat(((Step.Say) Scenario.builtIn("long-running").steps().get(1)).repeat()).isEqualTo(3000);
    }

    @Test
    void yamlFileWithEveryStepKind() throws IOException {
        Path file = write("custom flow.yaml", """
                description: All kinds
                steps:
                  - say: Hello
                  - say: {text: "n={n}/{count}", repeat: 4, perTick: 2}
                  - wait: 2
                  - event: {type: mystery, level: 3}
                  - tool: {name: run_pipeline, title: Run, body: Runs it, input: {pipeline: p}, result: ok}
                  - tools: [{name: edit_file}, {name: create_file}]
                  - ask:
                      title: Pick
                      questions:
                        - question: Which?
                          options: [a, {label: b, description: the b}]
                  - generate_branch
                  - push: {result: pushed}
                  - finish: Bye
                """);

        Scenario scenario = Scenario.load(file.toString());

        assertThat(scenario.name()).isEqualTo("custom-flow");
        assertThat(scenario.source()).isEqualTo(file.toString());
        assertThat(scenario.steps()).extracting(Step::kind)
                .containsExactly("say", "say", "wait", "event", "tool", "tools", "ask", "generate_branch", "push", "finish");
        Step.Say repeated = (Step.Say) scenario.steps().get(1);
        assertThat(repeated.repeat()).isEqualTo(4);
        assertThat(((Step.Event) scenario.steps().get(3)).data().get("type").asText()).isEqualTo("mystery");
        Step.ToolCall call = ((Step.Tool) scenario.steps().get(4)).calls().get(0);
        assertThat(call.input().get("pipeline").asText()).isEqualTo("p");
        Step.Ask ask = (Step.Ask) scenario.steps().get(6);
        assertThat(ask.questions().get(0).options()).extracting(Step.Option::label).containsExactly("a", "b");
    }

    @Test
    void jsonFileWithAName() throws IOException {
        Path file = write("x.json", """
                {"name": "from-json", "steps": [{"say": "hi"}, {"error": {"message": "boom"}}]}
                """);

        Scenario scenario = Scenario.load(file.toString());

        assertThat(scenario.name()).isEqualTo("from-json");
        assertThat(scenario.steps()).containsExactly(new Step.Say("hi"), new Step.Fail("boom"));
    }

    @Test
    void missingFileOrUnknownNameIsNamed() {
        assertThatThrownBy(() -> Scenario.load("no-such-scenario"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("'no-such-scenario' is neither a built-in scenario")
                .hasMessageContaining("approval-and-question");
        assertThatThrownBy(() -> Scenario.load(" ")).hasMessageContaining("No scenario given");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            steps: [say: 'unterminated                         | is not valid YAML (line
            name: x                                            | steps: add a non-empty list of steps
            - just a list                                      | the top level must be an object
            steps: [{dance: now}]                              | steps[0]: unknown step 'dance'
            steps: [{say: {txt: hi}}]                          | steps[0].say: unknown field 'txt'
            steps: [{tool: {title: no name}}]                  | steps[0].tool.name: is required
            steps: [{finish: done}, {say: late}]               | steps[1]: this step can never run
            steps: [{say: {text: x, repeat: 0}}]               | steps[0].say.repeat: must be between 1 and 1000000, got 0
            steps: [{ask: {questions: []}}]                    | steps[0].ask.questions: must be a non-empty list
            steps: [{ask: {questions: [{question: q, options: [a, a]}]}}] | 'a' appears twice
            steps: [{say: hi, finish: x}]                      | exactly one key
            steps: [{tool: {name: x, input: [1]}}]             | steps[0].tool.input: must be an object
            steps: [{wait: -1}]                                | steps[0].wait: must be between 0 and 100000
            steps: [{event: text}]                             | steps[0].event: must be the event's data, a JSON object
            name: 'bad/name'\\nsteps: [{say: hi}]               | Scenario name 'bad/name'
            """)
    void badFilesGetErrorsNamingTheFileAndThePlace(String yaml, String expected) throws IOException {
        Path file = write("bad.yaml", yaml.replace("\\n", "\n"));

        assertThatThrownBy(() -> Scenario.load(file.toString()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(expected);
    }

    @Test
    void invalidJsonFileIsReportedAsJson() throws IOException {
        Path file = write("broken.json", "{\"steps\": [");

        assertThatThrownBy(() -> Scenario.load(file.toString()))
                .hasMessageContaining(file.toString()).hasMessageContaining("is not valid JSON (line 1");
    }

    @Test
    void emptyFileIsExplained() throws IOException {
        Path file = write("empty.yaml", "");

        assertThatThrownBy(() -> Scenario.load(file.toString())).hasMessageContaining("the file is empty");
    }

    @Test
    void catalogFindsDirectoryFilesByNameOnly() throws IOException {
        write("mine.yml", "steps: [{say: mine}]");
        ScenarioCatalog catalog = ScenarioCatalog.withBuiltIns(List.of(), dir, 10);

        assertThat(catalog.get("mine").steps()).containsExactly(new Step.Say("mine"));
        assertThat(catalog.get("happy-path").name()).isEqualTo("happy-path");
        assertThatThrownBy(() -> catalog.get("../mine")).hasMessageContaining("is not a scenario name");
        assertThatThrownBy(() -> catalog.get("other")).hasMessageContaining("Unknown scenario 'other'")
                .hasMessageContaining("add other.yaml to " + dir);
        assertThatThrownBy(() -> ScenarioCatalog.withBuiltIns(List.of(), dir.resolve("missing"), 10))
                .hasMessageContaining("does not exist");
    }

    @Test
    void directivesAreReadFromTheStartOfTheMessage() {
        assertThat(ScenarioCatalog.directive("[scenario:errored] do it")).contains("errored");
        assertThat(ScenarioCatalog.directive("  [scenario:x.y-z_1]")).contains("x.y-z_1");
        assertThat(ScenarioCatalog.directive("[scenario:] empty")).contains("");
        assertThat(ScenarioCatalog.directive("please [scenario:errored]")).isEmpty();
        assertThat(ScenarioCatalog.directive("plain")).isEmpty();
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
