package io.jenkins.plugins.maia.sandbox;

import static io.jenkins.plugins.maia.sandbox.Tasks.PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer authentication on every API call and the OAuth2 client-credentials token endpoint. */
class AuthTest {

    static SandboxServer sandbox;
    static Http http;

    @BeforeAll
    static void start() {
        sandbox = SandboxServer.start(SandboxOptions.builder().pacing(Duration.ofMillis(5)).build());
        http = Http.to(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static Map<String, String> credentials(String secret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", SandboxOptions.DEFAULT_CLIENT_ID);
        form.put("client_secret", secret);
        form.put("audience", "https://api.matillion.com");
        return form;
    }

    static String issueToken(SandboxServer server) throws Exception {
        Http.Reply reply = Http.to(server).form(server.tokenUrl(), credentials(SandboxOptions.DEFAULT_CLIENT_SECRET));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("access_token").asText();
    }

    @Test
    void missingTokenIs401WithABearerChallenge() throws Exception {
        Http.Reply reply = http.withToken(null).get(PATH);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("title").asText()).isEqualTo("Unauthorized");
        assertThat(reply.json().get("detail").asText()).contains("Authorization: Bearer");
        assertThat(reply.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void unknownTokenIs401AndIsNotEchoed() throws Exception {
        Http.Reply reply = http.withToken("made-up-token-1234").get(PATH);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("detail").asText()).isEqualTo("The access token is not valid");
        assertThat(reply.body()).doesNotContain("made-up-token-1234");
    }

    @Test
    void otherAuthorizationSchemesAreRefused() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + PATH))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("a:b".getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void clientCredentialsGiveAWorkingBearerToken() throws Exception {
        Http.Reply reply = http.form(sandbox.tokenUrl(), credentials(SandboxOptions.DEFAULT_CLIENT_SECRET));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode token = reply.json();
        assertThat(token.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(token.get("expires_in").asLong()).isEqualTo(1800);
        assertThat(reply.header("Cache-Control")).contains("no-store");
        assertThat(http.withToken(token.get("access_token").asText()).get(PATH).status()).isEqualTo(200);
        assertThat(sandbox.tokenUrl()).isEqualTo("http://127.0.0.1:" + sandbox.port() + "/oauth/dpc/token");
    }

    @Test
    void clientCredentialsMayComeAsHttpBasic() throws Exception {
        String basic = Base64.getEncoder().encodeToString((SandboxOptions.DEFAULT_CLIENT_ID + ":"
                + SandboxOptions.DEFAULT_CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&audience="
                        + Http.encode("https://api.matillion.com")))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("access_token");
    }

    @Test
    void tokenEndpointErrorsFollowOAuth2() throws Exception {
        Http.Reply wrongSecret = http.form(sandbox.tokenUrl(), credentials("wrong"));
        Map<String, String> password = credentials(SandboxOptions.DEFAULT_CLIENT_SECRET);
        password.put("grant_type", "password");
        Map<String, String> noGrant = credentials(SandboxOptions.DEFAULT_CLIENT_SECRET);
        noGrant.remove("grant_type");
        Map<String, String> wrongAudience = credentials(SandboxOptions.DEFAULT_CLIENT_SECRET);
        wrongAudience.put("audience", "https://example.com");

        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(wrongSecret.body()).doesNotContain("wrong\"").doesNotContain(SandboxOptions.DEFAULT_CLIENT_SECRET);
        assertThat(http.form(sandbox.tokenUrl(), password).json().get("error").asText()).isEqualTo("unsupported_grant_type");
        Http.Reply missing = http.form(sandbox.tokenUrl(), noGrant);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error_description").asText()).contains("grant_type");
        assertThat(http.form(sandbox.tokenUrl(), wrongAudience).json().get("error_description").asText())
                .contains("https://api.matillion.com");
        Http.Reply json = new Http(sandbox.tokenUrl(), null).raw("POST", "", "application/json", "{}");
        assertThat(json.status()).isEqualTo(400);
        assertThat(json.json().get("error_description").asText()).contains("x-www-form-urlencoded");
        assertThat(new Http(sandbox.tokenUrl(), null).get("").status()).isEqualTo(405);
    }

    @Test
    void issuedTokensExpireAndTheClientIsToldSo() throws Exception {
        try (SandboxServer shortLived = SandboxServer.start(SandboxOptions.builder()
                .tokenLifetime(Duration.ofMillis(200)).build())) {
            Http.Reply issued = Http.to(shortLived).form(shortLived.tokenUrl(),
                    credentials(SandboxOptions.DEFAULT_CLIENT_SECRET));
            assertThat(issued.json().get("expires_in").asLong()).as("rounded up to whole seconds").isEqualTo(1);
            Http client = Http.to(shortLived).withToken(issued.json().get("access_token").asText());

            Http.Reply expired = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> client.get(PATH), reply -> reply.status() == 401);

            assertThat(expired.json().get("detail").asText()).contains("expired");
            assertThat(expired.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
            assertThat(shortLived.stats().faults(FaultKind.TOKEN_EXPIRED)).isGreaterThanOrEqualTo(1);
            assertThat(Http.to(shortLived).withToken(issueToken(shortLived)).get(PATH).status()).isEqualTo(200);
            assertThat(Http.to(shortLived).get(PATH).status()).as("static tokens never expire").isEqualTo(200);
        }
    }

    @Test
    void configuredCredentialsAndTokensReplaceTheDefaults() throws Exception {
        try (SandboxServer custom = SandboxServer.start(SandboxOptions.builder().token("my-static-token")
                .clientCredentials("id-1", "secret-1").build())) {
            Http client = Http.to(custom);
            assertThat(client.get(PATH).status()).as("the default token is gone").isEqualTo(401);
            assertThat(client.withToken("my-static-token").get(PATH).status()).isEqualTo(200);
            Map<String, String> form = credentials("secret-1");
            form.put("client_id", "id-1");
            assertThat(client.form(custom.tokenUrl(), form).status()).isEqualTo(200);
        }
    }

    @Test
    void optionsNeverPrintSecrets() {
        SandboxOptions options = SandboxOptions.builder().token("super-secret-token")
                .clientCredentials("client", "super-secret-secret").build();

        assertThat(options.toString()).doesNotContain("super-secret-token").doesNotContain("super-secret-secret")
                .contains("clientId=client");
    }
}
