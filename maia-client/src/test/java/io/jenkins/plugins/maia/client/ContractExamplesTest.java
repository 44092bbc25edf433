package io.jenkins.plugins.maia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jenkins.plugins.maia.client.contract.ContractValidator;
import io.jenkins.plugins.maia.client.internal.LenientInstants;
import io.jenkins.plugins.maia.client.internal.MaiaJson;
import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every response example of the contract, both in openapi.yaml and in the vendor pages it was assembled from,
 * goes through the real client (served by MockWebServer) and must come out with every field it carries.
 */
class ContractExamplesTest extends ApiTestSupport {
    private static final String SEEDS = "/io/jenkins/plugins/maia/contract/seeds/";
    private static final List<String> SEED_FILES = List.of("000_40f4594c718cd37d.txt", "001_0e9aa1aa2915bbf3.txt",
            "002_e5209461c74ce67f.txt", "003_19bc8166dcb6808a.txt");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Operations whose success body the client reads, by method and path template. */
    private static final Map<String, String> OPERATIONS = Map.of(
            "POST /v1/ai/agents/tasks", "createTask",
            "GET /v1/ai/agents/tasks", "getTasks",
            "GET /v1/ai/agents/tasks/{taskId}", "getTask",
            "GET /v1/ai/agents/tasks/{taskId}/messages", "getTaskMessages",
            "POST /v1/ai/agents/tasks/{taskId}/messages", "sendTaskMessage",
            "POST /v1/ai/agents/tasks/{taskId}/decisions", "submitTaskDecisions",
            "PUT /v1/ai/agents/tasks/{taskId}/permissions", "setTaskPermissions");

    /** One response example: where it comes from, which operation, which status, the body. */
    record Example(String source, String operation, int status, JsonNode body) {
        @Override
        public String toString() {
            return source + " " + operation + " " + status;
        }
    }

    static Stream<Example> openApiExamples() {
        return responseExamples(ContractValidator.openApiTree(), "openapi.yaml").stream();
    }

    static Stream<Example> seedExamples() throws IOException {
        List<Example> all = new ArrayList<>();
        for (String file : SEED_FILES) {
            String text = seed(file);
            Matcher yaml = Pattern.compile("(?s)````yaml[^\\n]*\\n(.*?)````").matcher(text);
            if (yaml.find()) {
                all.addAll(responseExamples(YAML.readTree(yaml.group(1)), file));
            }
            all.addAll(jsonExamples(text, file));
        }
        return all.stream();
    }

    @Test
    void examplesWereFoundForEveryOperationWithAResponseBody() throws IOException {
        Set<String> fromOpenApi = new TreeSet<>();
        openApiExamples().forEach(e -> fromOpenApi.add(e.operation()));
        assertThat(fromOpenApi).containsExactlyInAnyOrderElementsOf(new TreeSet<>(OPERATIONS.values()));
        Set<String> fromSeeds = new TreeSet<>();
        seedExamples().forEach(e -> fromSeeds.add(e.source().split(" ")[0] + ":" + e.operation()));
        assertThat(fromSeeds).containsExactlyInAnyOrder("000_40f4594c718cd37d.txt:createTask", "002_e5209461c74ce67f.txt:getTask",
                "003_19bc8166dcb6808a.txt:getTasks", "001_0e9aa1aa2915bbf3.txt:createTask",
                "001_0e9aa1aa2915bbf3.txt:getTasks", "001_0e9aa1aa2915bbf3.txt:getTask",
                "001_0e9aa1aa2915bbf3.txt:submitTaskDecisions", "001_0e9aa1aa2915bbf3.txt:sendTaskMessage",
                "001_0e9aa1aa2915bbf3.txt:setTaskPermissions");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"openApiExamples", "seedExamples"})
    void everyResponseExampleParsesIntoTheModels(Example example) throws Exception {
        server.enqueue(json(example.status(), example.body().toString()));
        MaiaClient client = client();
        Object parsed = switch (example.operation()) {
            case "createTask" -> client.createTask(io.jenkins.plugins.maia.client.model.CreateTaskRequest.builder()
                    .message("m").projectId(PROJECT_ID).sourceBranchName("main").environmentName("dev")
                    .generateBranch(true).build());
            case "getTasks" -> client.listTasks(TaskQuery.all());
            case "getTask" -> client.getTask(TASK_ID);
            case "getTaskMessages" -> client.getMessages(TASK_ID, 25, null);
            case "setTaskPermissions" -> client.replacePermissions(TASK_ID, List.of("execute_sql"));
            case "submitTaskDecisions" -> Map.of("pendingDecisions",
                    client.submitDecisions(TASK_ID, List.of(ToolDecision.approveOnce("call_1"))));
            case "sendTaskMessage" -> {
                client.sendMessage(TASK_ID, FollowUpMessage.of("go on"));
                yield null;
            }
            default -> throw new IllegalStateException(example.operation());
        };
        take();
        if (parsed != null) {
            assertCarries(example.body(), MaiaJson.mapper().valueToTree(parsed), "$");
        } else {
            assertThat(example.body().path("taskId").asText()).as("send's answer is ignored but well-formed").isNotEmpty();
        }
    }

    @Test
    void theProblemExampleBecomesAnApiException() {
        JsonNode problem = ContractValidator.openApiTree().at("/components/schemas/ProblemDetail/example");
        server.enqueue(problem(400, problem.toString()));
        MaiaApiException e = catchThrowableOfType(MaiaApiException.class, () -> client().getTask(TASK_ID));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.title()).isEqualTo("Bad Request");
        assertThat(e.detail()).isEqualTo("Failed to read request. Please check your request body.");
    }

    @Test
    void theContractCopyEqualsTheSteeringCopy() throws IOException {
        Path shared = repositoryRoot().resolve("../shared/maia-api/openapi.yaml").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(shared), "no steering copy at " + shared);
        assertThat(ContractValidator.openApiText())
                .as("maia-contract's openapi.yaml must equal %s; copy it over", shared)
                .isEqualTo(Files.readString(shared, StandardCharsets.UTF_8));
    }

    /** Each field of the example is present in the model's JSON with the same value (timestamps as instants). */
    static void assertCarries(JsonNode expected, JsonNode actual, String path) {
        if (expected.isObject()) {
            for (Map.Entry<String, JsonNode> f : expected.properties()) {
                assertThat(actual.has(f.getKey())).as("%s.%s is carried by the model (%s)", path, f.getKey(), actual).isTrue();
                assertCarries(f.getValue(), actual.get(f.getKey()), path + "." + f.getKey());
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as(path + " size").isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertCarries(expected.get(i), actual.get(i), path + "[" + i + "]");
            }
        } else {
            Instant asTime = expected.isTextual() ? LenientInstants.parse(expected.asText()) : null;
            if (asTime != null) {
                assertThat(LenientInstants.parse(actual.asText())).as(path).isEqualTo(asTime);
            } else {
                assertThat(actual.asText()).as(path).isEqualTo(expected.asText());
            }
        }
    }

    private static List<Example> responseExamples(JsonNode document, String source) {
        List<Example> out = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String operation = OPERATIONS.get(op.getKey().toUpperCase() + " " + path.getKey());
            op.getValue().path("responses").properties().forEach(response -> {
                if (!response.getKey().startsWith("2") || operation == null) {
                    return;
                }
                response.getValue().path("content").properties().forEach(media -> media.getValue().path("examples")
                        .properties().forEach(ex -> out.add(new Example(source + " " + ex.getKey(), operation,
                                Integer.parseInt(response.getKey()), ex.getValue().get("value")))));
            });
        }));
        return out;
    }

    /** The overview page's "Base URL: METHOD path ... HTTP 2xx {json}" examples. */
    private static List<Example> jsonExamples(String text, String source) throws IOException {
        List<Example> out = new ArrayList<>();
        Matcher call = Pattern.compile("Base URL: (GET|POST|PUT|DELETE) (/v1/\\S+)").matcher(text);
        List<int[]> starts = new ArrayList<>();
        List<String> operations = new ArrayList<>();
        while (call.find()) {
            starts.add(new int[] {call.start()});
            operations.add(OPERATIONS.get(call.group(1) + " " + call.group(2)));
        }
        Matcher response = Pattern.compile("HTTP (2\\d\\d) [A-Za-z ]+\\n(\\{)").matcher(text);
        while (response.find()) {
            int at = response.start();
            String operation = null;
            for (int i = 0; i < starts.size(); i++) {
                if (starts.get(i)[0] < at) {
                    operation = operations.get(i);
                }
            }
            if (operation == null) {
                // create's example has no "Base URL" line before the first one; it is the create section.
                operation = "createTask";
            }
            JsonNode body = new ObjectMapper().readTree(balanced(text, response.start(2)));
            out.add(new Example(source + " overview", operation, Integer.parseInt(response.group(1)), body));
        }
        return out;
    }

    private static String balanced(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return text.substring(open, i + 1);
            }
        }
        throw new IllegalStateException("unbalanced JSON example at " + open);
    }

    private static String seed(String file) throws IOException {
        try (InputStream in = ContractExamplesTest.class.getResourceAsStream(SEEDS + file)) {
            assertThat(in).as("seed page " + file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("maia-contract")) && Files.isRegularFile(dir.resolve("pom.xml")))) {
            dir = dir.getParent();
        }
        Assumptions.assumeTrue(dir != null, "not inside the repository");
        return dir;
    }
}
