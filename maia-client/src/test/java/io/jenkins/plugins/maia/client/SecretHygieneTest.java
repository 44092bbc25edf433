package io.jenkins.plugins.maia.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.client.auth.ClientCredentialsTokenSource;
import io.jenkins.plugins.maia.client.auth.StaticToken;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Provokes every kind of failure with a recognisable token and client secret, and looks for them in every
 * message, cause, suppressed exception, stack trace, toString and log line.
 */
class SecretHygieneTest extends ApiTestSupport {
    static final String SECRET = "cs-SECRET-hygiene-5e6f7a8b";
    static final String ISSUED = "issued-TOKEN-hygiene-1a2b3c";

    private final List<String> seen = new ArrayList<>();
    private final Logger clientLogger = Logger.getLogger("io.jenkins.plugins.maia");
    private Level previousLevel;
    private final Handler logs = new Handler() {
        @Override
        public void publish(LogRecord record) {
            seen.add(new SimpleFormatter().formatMessage(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLogs() {
        previousLevel = clientLogger.getLevel();
        clientLogger.setLevel(Level.ALL);
        clientLogger.addHandler(logs);
    }

    @AfterEach
    void releaseLogs() {
        clientLogger.removeHandler(logs);
        clientLogger.setLevel(previousLevel);
    }

    private void provoke(ThrowingCallable call) {
        try {
            call.call();
            seen.add("(no exception)");
        } catch (Throwable t) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            seen.add(trace.toString());
        }
    }

    private static CreateTaskRequest request() {
        return CreateTaskRequest.builder().message("m").projectId(PROJECT_ID).sourceBranchName("main")
                .environmentName("dev").targetBranchName("t").build();
    }

    @Test
    void noSecretEverShowsUp() throws Exception {
        try (MockWebServer idp = new MockWebServer()) {
            idp.start();
            ClientCredentialsTokenSource oauth = ClientCredentialsTokenSource.create(null, idp.url("/token").toString(),
                    "client-1", SECRET);
            MaiaClient viaOauth = clientBuilder().tokenSource(oauth).retryPolicy(RetryPolicy.none()).build();
            MaiaClient viaStatic = clientBuilder().retryPolicy(RetryPolicy.none()).build();
            seen.add(oauth.toString());
            seen.add(viaOauth.toString());
            seen.add(viaOauth.accountKey());
            seen.add(StaticToken.of(TOKEN).toString());
            seen.add(viaStatic.toString());

            // token endpoint: refusal echoing the secret, outage echoing it, malformed success holding a token
            idp.enqueue(new MockResponse.Builder().code(401).body("bad client_secret=" + SECRET).build());
            provoke(oauth::accessToken);
            idp.enqueue(new MockResponse.Builder().code(502).body("<p>upstream got " + SECRET + "</p>").build());
            provoke(oauth::accessToken);
            idp.enqueue(new MockResponse.Builder().code(200).body("{\"token\":\"" + ISSUED + "\"}").build());
            provoke(oauth::accessToken);

            // API: 401 twice with issued tokens, an error page echoing the header, dropped connections
            idp.enqueue(json(200, "{\"access_token\":\"" + ISSUED + "\"}"));
            idp.enqueue(json(200, "{\"access_token\":\"" + ISSUED + "-2\"}"));
            server.enqueue(problem(401, "{\"detail\":\"token " + ISSUED + " expired\"}"));
            server.enqueue(problem(401, "{\"detail\":\"token " + ISSUED + "-2 expired\"}"));
            provoke(() -> viaOauth.getTask(TASK_ID));
            server.enqueue(new MockResponse.Builder().code(500).body("<pre>Authorization: Bearer " + TOKEN + "</pre>").build());
            provoke(() -> viaStatic.getTask(TASK_ID));
            server.enqueue(new MockResponse.Builder().code(503).body("echo " + TOKEN).build());
            provoke(() -> viaStatic.sendMessage(TASK_ID, FollowUpMessage.of("m")));
            server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
            server.enqueue(json(200, "{\"tasks\":[],\"total\":0}"));
            provoke(() -> viaStatic.createTask(request()));

            // bad input that contains secrets
            provoke(() -> StaticToken.of(TOKEN + "\n" + TOKEN));
            provoke(() -> MaiaClient.builder().baseUrl("https://user:" + SECRET + "@h.example").tokenSource(StaticToken.of(TOKEN)).build());
            provoke(() -> ClientCredentialsTokenSource.create(null, "http://remote.example/token", "c", SECRET));
        }

        assertThat(seen).hasSizeGreaterThan(12);
        assertThat(seen).as("everything the user or a log could see").allSatisfy(text -> assertThat(text)
                .doesNotContain(SECRET).doesNotContain(TOKEN).doesNotContain(ISSUED));
        assertThat(String.join("\n", seen)).contains("****");
    }
}
