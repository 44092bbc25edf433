package io.jenkins.plugins.maia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.maia.client.auth.StaticToken;
import io.jenkins.plugins.maia.client.internal.EndpointUrl;
import org.junit.jupiter.api.Test;

/** Base URL rules, regions and the builder's own checks. */
class BuilderTest {
    private static final StaticToken TOKEN = StaticToken.of("tok-SECRET-builder-1234");

    private static MaiaClient build(String url) {
        return MaiaClient.builder().baseUrl(url).tokenSource(TOKEN).build();
    }

    @Test
    void regionsGiveTheDocumentedServers() {
        assertThat(MaiaClient.builder().region(Region.EU1).tokenSource(TOKEN).build().baseUrl())
                .isEqualTo("https://eu1.api.matillion.com/dpc");
        assertThat(MaiaClient.builder().region(Region.fromId(" US1 ")).tokenSource(TOKEN).build().baseUrl())
                .isEqualTo("https://us1.api.matillion.com/dpc");
        assertThat(Region.EU1.id()).isEqualTo("eu1");
        assertThatThrownBy(() -> Region.fromId("ap1")).isInstanceOf(InvalidRequestException.class)
                .hasMessage("Invalid request: region: 'ap1' is not a region; use eu1 or us1, or give a base URL instead");
    }

    @Test
    void trailingSlashesAreDropped() {
        assertThat(build("https://maia.example.com/dpc///").baseUrl()).isEqualTo("https://maia.example.com/dpc");
        assertThat(build("https://maia.example.com/").baseUrl()).isEqualTo("https://maia.example.com");
        assertThat(build(" https://maia.example.com:8443/api/ ").baseUrl()).isEqualTo("https://maia.example.com:8443/api");
    }

    @Test
    void plainHttpIsOnlyAllowedToLoopback() {
        assertThat(build("http://localhost:8080/dpc").baseUrl()).isEqualTo("http://localhost:8080/dpc");
        assertThat(build("http://127.0.0.1:1234").baseUrl()).isEqualTo("http://127.0.0.1:1234");
        assertThat(build("http://127.8.9.10").baseUrl()).isEqualTo("http://127.8.9.10");
        assertThat(build("http://[::1]:9000/").baseUrl()).isEqualTo("http://[::1]:9000");
        for (String url : new String[] {"http://eu1.api.matillion.com/dpc", "http://10.0.0.1", "http://128.0.0.1",
            "http://localhost.evil.com", "http://127.0.0.1.nip.io", "http://[::2]"}) {
            InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> build(url));
            assertThat(e).as(url).isNotNull();
            assertThat(e.violations()).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("baseUrl");
                assertThat(v.message()).contains("plain http, which is only allowed to loopback").contains("use https");
            });
        }
    }

    @Test
    void otherBadUrlsAreNamed() {
        assertThat(catchThrowableOfType(InvalidRequestException.class, () -> build("ftp://x")).getMessage())
                .contains("baseUrl: 'ftp://x' is not an http(s) URL");
        assertThat(catchThrowableOfType(InvalidRequestException.class, () -> build("not a url")).getMessage())
                .contains("baseUrl: is not a valid URL");
        assertThat(catchThrowableOfType(InvalidRequestException.class, () -> build("https://h/x?y=1")).getMessage())
                .contains("must not have a query");
        InvalidRequestException userInfo = catchThrowableOfType(InvalidRequestException.class,
                () -> build("https://user:p4ssw0rd-secret@maia.example.com"));
        assertThat(userInfo.getMessage()).contains("baseUrl: must not contain user info").doesNotContain("p4ssw0rd-secret");
    }

    @Test
    void missingOptionsAreReportedTogether() {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> MaiaClient.builder().retryPolicy(null).budget(null).build());
        assertThat(e.violations()).extracting(InvalidRequestException.Violation::field)
                .containsExactly("baseUrl", "tokenSource", "retryPolicy", "budget");
        assertThat(e.getMessage()).contains("choose a region (eu1, us1)");
    }

    @Test
    void loopbackDetectionNeverResolvesNames() {
        assertThat(EndpointUrl.isLoopback("LOCALHOST")).isTrue();
        assertThat(EndpointUrl.isLoopback("127.255.255.254")).isTrue();
        assertThat(EndpointUrl.isLoopback("127.0.0.256")).isFalse();
        assertThat(EndpointUrl.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(EndpointUrl.isLoopback("example.com")).isFalse();
    }

    @Test
    void accountKeyAndToStringNameTheAccountButNoSecret() {
        MaiaClient client = MaiaClient.builder().region(Region.EU1).tokenSource(TOKEN).build();
        assertThat(client.accountKey()).isEqualTo("https://eu1.api.matillion.com/dpc|" + TOKEN.identity());
        assertThat(client.toString()).contains(client.accountKey()).doesNotContain("tok-SECRET-builder-1234");
        assertThat(client.withRetryPolicy(RetryPolicy.none()).retryPolicy()).isEqualTo(RetryPolicy.none());
        assertThat(client.withBudget(RequestBudget.unlimited()).accountKey()).isEqualTo(client.accountKey());
        assertThatThrownBy(() -> client.withRetryPolicy(null)).isInstanceOf(InvalidRequestException.class);
    }
}
