package io.jenkins.plugins.maia.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * A hostile or broken Maia server on loopback (MockWebServer): each endpoint answers whatever the case under
 * test sets, by default a well-behaved task that has finished with three messages. Counts what was asked.
 */
final class FakeMaia implements AutoCloseable {

    static final String TASK_ID = "3b9a6f0e-2c4d-4e8f-9a1b-7c6d5e4f3a2b";
    static final String PROJECT_ID = "9a1b7c6d-5e4f-4a2b-8c3d-2e1f0a9b8c7d";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String TASKS = "/dpc/v1/ai/agents/tasks";

    private final MockWebServer server = new MockWebServer();
    final AtomicInteger taskReads = new AtomicInteger();
    final AtomicInteger messageReads = new AtomicInteger();
    final AtomicInteger creates = new AtomicInteger();
    final AtomicInteger tokenRequests = new AtomicInteger();

    /** GET task, by the number of the read (1, 2, ...) and the bearer token presented. */
    volatile TaskAnswer task = (n, bearer) -> json(200, task("STOPPED"));
    /** GET messages, by the pagination token (null for the first page). */
    volatile Function<String, MockResponse> messages = token -> json(200, page(events(1, 3), null));
    volatile Supplier<MockResponse> create = () -> json(201, created());
    volatile Supplier<MockResponse> list = () -> json(200, emptyList());
    volatile IntFunction<MockResponse> token = n -> json(200, JSON.createObjectNode()
            .put("access_token", "issued-token-" + n).put("expires_in", 1800));

    /** The GET task answer of a case. */
    interface TaskAnswer {
        MockResponse answer(int read, String bearer);
    }

    private FakeMaia() {}

    static FakeMaia start() {
        FakeMaia fake = new FakeMaia();
        fake.server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return fake.route(request);
            }
        });
        try {
            fake.server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fake;
    }

    String baseUrl() {
        String url = server.url("/dpc").toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    String tokenUrl() {
        return server.url("/oauth/token").toString();
    }

    private MockResponse route(RecordedRequest request) {
        HttpUrl url = request.getUrl();
        String path = url.encodedPath();
        String method = request.getMethod();
        String bearer = request.getHeaders().get("Authorization");
        if (path.equals("/oauth/token") && method.equals("POST")) {
            return token.apply(tokenRequests.incrementAndGet());
        }
        if (path.equals(TASKS) && method.equals("POST")) {
            creates.incrementAndGet();
            return create.get();
        }
        if (path.equals(TASKS) && method.equals("GET")) {
            return list.get();
        }
        if (path.equals(TASKS + "/" + TASK_ID) && method.equals("GET")) {
            return task.answer(taskReads.incrementAndGet(), bearer == null ? null : bearer.replaceFirst("^Bearer ", ""));
        }
        if (path.equals(TASKS + "/" + TASK_ID + "/messages") && method.equals("GET")) {
            messageReads.incrementAndGet();
            return messages.apply(url.queryParameter("paginationToken"));
        }
        if (path.equals(TASKS + "/" + TASK_ID + "/stop") && method.equals("POST")) {
            return new MockResponse.Builder().code(202).build();
        }
        return problem(404, "Not Found", "nothing at " + path);
    }

    // ---- answers ---------------------------------------------------------------------------------------------

    static MockResponse json(int status, Object body) {
        try {
            return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
                    .body(body instanceof String s ? s : JSON.writeValueAsString(body)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MockResponse raw(int status, String contentType, String body) {
        MockResponse.Builder b = new MockResponse.Builder().code(status).body(body);
        if (contentType != null) {
            b.addHeader("Content-Type", contentType);
        }
        return b.build();
    }

    static MockResponse problem(int status, String title, String detail) {
        ObjectNode p = JSON.createObjectNode().put("type", "about:blank").put("title", title).put("status", status)
                .put("detail", detail);
        try {
            return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/problem+json")
                    .body(JSON.writeValueAsString(p)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode task(String status) {
        ObjectNode t = JSON.createObjectNode();
        t.put("taskId", TASK_ID);
        t.put("status", status);
        t.put("description", "a task");
        t.put("createdAt", "2025-01-01T10:00:00Z");
        t.put("modifiedAt", "2025-01-01T10:05:00Z");
        ObjectNode config = t.putObject("agentConfig");
        config.put("name", "data_engineer_agent");
        config.put("mode", "ACT");
        config.put("projectId", PROJECT_ID);
        config.put("sourceBranchName", "main");
        config.put("environmentName", "dev");
        config.put("targetBranchName", "feature/x");
        t.putArray("grantedPermissions");
        t.putArray("pendingDecisions");
        return t;
    }

    static ObjectNode created() {
        return JSON.createObjectNode().put("taskId", TASK_ID).put("status", "RUNNING")
                .put("agentName", "data_engineer_agent").put("createdAt", "2025-01-01T10:00:00Z");
    }

    static ObjectNode emptyList() {
        ObjectNode l = JSON.createObjectNode();
        l.putArray("tasks");
        l.put("page", 0).put("size", 100).put("total", 0);
        return l;
    }

    /** Agent text events number {@code from} to {@code to}. */
    static List<ObjectNode> events(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).mapToObj(FakeMaia::event).toList();
    }

    static ObjectNode event(int n) {
        ObjectNode e = JSON.createObjectNode();
        e.putObject("data").put("type", "text").put("role", "assistant").put("content", "message " + n);
        e.put("groupId", "g1");
        e.put("timestamp", String.format("2025-01-01T10:00:%02dZ", n % 60));
        return e;
    }

    static ObjectNode page(List<? extends com.fasterxml.jackson.databind.JsonNode> events, String more) {
        ObjectNode p = JSON.createObjectNode();
        ArrayNode results = p.putArray("results");
        events.forEach(results::add);
        if (more != null) {
            p.put("more", more);
        }
        return p;
    }

    @Override
    public void close() {
        server.close();
    }
}
