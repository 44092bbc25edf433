package io.jenkins.plugins.maia.sandbox;

import static io.jenkins.plugins.maia.sandbox.Tasks.PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.maia.sandbox.scenario.Scenario;
import io.jenkins.plugins.maia.sandbox.scenario.ScenarioException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, configuring and stopping the server. */
class SandboxServerTest {

    @TempDir
    Path dir;

    @Test
    void urlsPointAtTheLoopbackPort() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults())) {
            assertThat(sandbox.port()).isPositive();
            assertThat(sandbox.baseUrl()).isEqualTo("http://127.0.0.1:" + sandbox.port() + "/dpc");
            assertThat(sandbox.defaultScenario().name()).isEqualTo("happy-path");
            assertThat(sandbox.toString()).contains(sandbox.baseUrl());
        }
    }

    @Test
    void defaultScenarioMayBeAFile() throws Exception {
        Path file = dir.resolve("greeting.yaml");
        Files.writeString(file, "steps: [{say: 'Hello from a file'}, {finish: Bye}]");
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().pacing(Duration.ofMillis(5))
                .defaultScenario(file.toString()).build())) {
            Http http = Http.to(sandbox);
            String taskId = Tasks.create(http, "anything");
            Tasks.awaitStopped(http, taskId, 0);

            assertThat(Tasks.agentTexts(Tasks.allEvents(http, taskId, 100))).containsExactly("Hello from a file", "Bye");
            assertThat(sandbox.defaultScenario().name()).isEqualTo("greeting");
            String again = Tasks.create(http, "[scenario:greeting] by name too");
            assertThat(again).isNotBlank();
        }
    }

    @Test
    void badDefaultScenarioStopsTheStartWithAClearError() throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "steps: [{sing: loud}]");

        assertThatThrownBy(() -> SandboxServer.start(SandboxOptions.builder().defaultScenario(file.toString()).build()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("unknown step 'sing'");
        assertThatThrownBy(() -> SandboxServer.start(SandboxOptions.builder().defaultScenario("nope").build()))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("'nope'");
    }

    @Test
    void scenarioDirectoryIsSearchedByName() throws Exception {
        Files.writeString(dir.resolve("custom.yaml"), "steps: [{say: custom here}, finish]");
        Files.writeString(dir.resolve("broken.yaml"), "steps: [{say: {repeat: 2}}]");
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().pacing(Duration.ofMillis(5))
                .scenarioDirectory(dir).build())) {
            Http http = Http.to(sandbox);
            String taskId = Tasks.create(http, "[scenario:custom] go");
            Tasks.awaitStopped(http, taskId, 0);
            assertThat(Tasks.agentTexts(Tasks.allEvents(http, taskId, 100))).containsExactly("custom here");

            Http.Reply broken = http.post(PATH, Tasks.createBody("[scenario:broken] go"));
            assertThat(broken.status()).isEqualTo(400);
            assertThat(broken.json().get("violations").get(0).asText())
                    .contains(dir.resolve("broken.yaml").toString()).contains("steps[0].say.text: is required");
        }
    }

    @Test
    void registeredScenarioCanBeTheDefault() throws Exception {
        Scenario quick = Scenario.parse("steps: [{finish: quick}]", "quick", "test");
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().pacing(Duration.ofMillis(5))
                .defaultScenario(quick).build())) {
            Http http = Http.to(sandbox);
            String taskId = Tasks.create(http, "x");
            Tasks.awaitStopped(http, taskId, 0);
            assertThat(Tasks.agentTexts(Tasks.allEvents(http, taskId, 10))).containsExactly("quick");
        }
    }

    @Test
    void busyPortIsAClearError() {
        try (SandboxServer first = SandboxServer.start(SandboxOptions.defaults())) {
            assertThatThrownBy(() -> SandboxServer.start(SandboxOptions.builder().port(first.port()).build()))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("127.0.0.1:" + first.port())
                    .hasMessageContaining("--port");
        }
    }

    @Test
    void awaitStopReturnsOnceClosed() throws Exception {
        SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults());
        assertThat(sandbox.awaitStop(Duration.ofMillis(1))).isFalse();

        Thread closer = new Thread(sandbox::close);
        closer.start();

        assertThat(sandbox.awaitStop(Duration.ofSeconds(10))).isTrue();
        sandbox.close(); // twice is harmless
        closer.join();
    }

    @Test
    void manyConcurrentTasksAllFinish() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().pacing(Duration.ofMillis(5)).build())) {
            Http http = Http.to(sandbox);
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String message = "concurrent " + i;
                created.add(clients.submit(() -> Tasks.create(http, message)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> future : created) {
                ids.add(future.get());
            }
            clients.shutdown();
            for (String id : ids) {
                Tasks.awaitStopped(http, id, 0);
            }

            assertThat(new HashSet<>(ids)).hasSize(40);
            assertThat(sandbox.stats().tasksCreated()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(http.get(PATH + "?size=100").json().get("total").asLong()).isEqualTo(40);
            for (String id : ids) {
                assertThat(sandbox.stats().eventCount(id)).isEqualTo(Tasks.allEvents(http, id, 1000).size());
            }
        }
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> SandboxOptions.builder().port(70000).build()).hasMessageContaining("port");
        assertThatThrownBy(() -> SandboxOptions.builder().pacing(Duration.ofMillis(-1)).build())
                .hasMessageContaining("pacing");
        assertThatThrownBy(() -> SandboxOptions.builder().basePath("dpc").build()).hasMessageContaining("basePath");
        assertThatThrownBy(() -> SandboxOptions.builder().tokens(java.util.Set.of("a b")).build())
                .hasMessageContaining("tokens");
        assertThat(SandboxOptions.defaults().effectiveTokenLifetime()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void basePathIsConfigurable() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().basePath("/api").build())) {
            assertThat(sandbox.baseUrl()).endsWith("/api");
            assertThat(Http.to(sandbox).get(PATH).status()).isEqualTo(200);
            assertThat(Http.to(sandbox).post(PATH, Tasks.createBody("validated under the new base path")).status())
                    .isEqualTo(201);
        }
    }
}
