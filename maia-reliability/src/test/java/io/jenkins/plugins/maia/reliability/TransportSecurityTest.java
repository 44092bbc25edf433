package io.jenkins.plugins.maia.reliability;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.jenkins.plugins.maia.client.InvalidRequestException;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.auth.ClientCredentialsTokenSource;
import io.jenkins.plugins.maia.client.auth.StaticToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Credentials only travel encrypted: the client refuses plain {@code http} except to loopback (for the base URL and
 * the token URL alike, judged from the text, never by a DNS lookup an attacker could answer), and no main source of
 * any module turns TLS verification off (checked on the compiled classes with ArchUnit and on the sources, Jenkins
 * plugin included, with a scan).
 */
class TransportSecurityTest {

    @ParameterizedTest(name = "refused: {0}")
    @ValueSource(strings = {
        "http://eu1.api.matillion.com/dpc",
        "HTTP://EU1.API.MATILLION.COM/dpc",
        "http://10.0.0.7:8080/dpc",
        "http://192.168.1.10/dpc",
        "http://0.0.0.0:8080/dpc",
        "http://[::]:8080/dpc",
        "http://127.0.0.1.nip.io/dpc",
        "http://localhost.attacker.example/dpc",
        "http://2130706433/dpc",
        "http://0x7f000001/dpc",
        "http://127.0.0.256/dpc",
        "ftp://eu1.api.matillion.com/dpc",
        "ws://127.0.0.1/dpc",
        "file:///etc/passwd"
    })
    void plainHttpToAnythingButLoopbackIsRefused(String url) {
        assertThatThrownBy(() -> MaiaClient.builder().baseUrl(url).tokenSource(StaticToken.of("t0ken-abc")).build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> ClientCredentialsTokenSource.create(null, url, "id", "secret-xyz"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("tokenUrl")
                .hasMessageNotContaining("secret-xyz");
    }

    @ParameterizedTest(name = "accepted: {0}")
    @ValueSource(strings = {
        "https://eu1.api.matillion.com/dpc",
        "https://us1.api.matillion.com/dpc/",
        "http://localhost:8080/dpc",
        "http://127.0.0.1:8080/dpc",
        "http://127.1.2.3/dpc",
        "http://[::1]:8080/dpc",
        "http://[::ffff:7f00:1]/dpc" // IPv4-mapped 127.0.0.1: loopback too
    })
    void httpsAndLoopbackHttpAreAccepted(String url) {
        assertThatCode(() -> MaiaClient.builder().baseUrl(url).tokenSource(StaticToken.of("t0ken-abc")).build())
                .doesNotThrowAnyException();
        assertThatCode(() -> ClientCredentialsTokenSource.create(null, url, "id", "secret-xyz"))
                .doesNotThrowAnyException();
    }

    /** Types and calls that switch off or replace certificate and host name checks. */
    static final List<String> TLS_OVERRIDES = List.of("javax.net.ssl.HostnameVerifier", "javax.net.ssl.TrustManager",
            "javax.net.ssl.X509TrustManager", "javax.net.ssl.X509ExtendedTrustManager", "javax.net.ssl.SSLContext",
            "javax.net.ssl.HttpsURLConnection");

    @Test
    void noCompiledMainClassTouchesTlsVerification() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.jenkins.plugins.maia");
        assertThat(classes.stream().map(c -> c.getPackageName()).distinct())
                .as("the modules on the classpath").contains("io.jenkins.plugins.maia.client",
                        "io.jenkins.plugins.maia.client.internal", "io.jenkins.plugins.maia.follower.follow",
                        "io.jenkins.plugins.maia.sandbox", "io.jenkins.plugins.maia.cli");
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName(TLS_OVERRIDES.get(0))
                .orShould().dependOnClassesThat().haveFullyQualifiedName(TLS_OVERRIDES.get(1))
                .orShould().dependOnClassesThat().haveFullyQualifiedName(TLS_OVERRIDES.get(2))
                .orShould().dependOnClassesThat().haveFullyQualifiedName(TLS_OVERRIDES.get(3))
                .orShould().dependOnClassesThat().haveFullyQualifiedName(TLS_OVERRIDES.get(4))
                .orShould().dependOnClassesThat().haveFullyQualifiedName(TLS_OVERRIDES.get(5))
                .orShould().callMethod(okhttp3.OkHttpClient.Builder.class, "hostnameVerifier",
                        javax.net.ssl.HostnameVerifier.class)
                .orShould().callMethod(okhttp3.OkHttpClient.Builder.class, "sslSocketFactory",
                        javax.net.ssl.SSLSocketFactory.class, javax.net.ssl.X509TrustManager.class)
                .because("TLS verification is never relaxed: the platform trust store and OkHttp's host name check")
                .check(classes);
    }

    /** What disables TLS checks in source, in Java and in the Jenkins plugin's Jelly and Groovy. */
    static final Pattern TLS_OVERRIDE_SOURCE = Pattern.compile("(?i)HostnameVerifier|TrustManager|sslSocketFactory"
            + "|SSLContext|setDefaultSSLSocketFactory|ALLOW_ALL_HOSTNAME|NoopHostnameVerifier|TrustAllStrategy"
            + "|TrustSelfSignedStrategy|checkServerTrusted|InsecureTrustManager|trustAll|setHostnameVerifier"
            + "|disableSslVerification|SSLSocketFactory");

    @Test
    void noMainSourceOfAnyModuleTouchesTlsVerification() throws IOException {
        Path repository = Path.of("").toAbsolutePath().getParent();
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(repository)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main"))).toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src/main"))) {
                    files.filter(Files::isRegularFile)
                            .filter(f -> f.toString().matches(".*\\.(java|groovy|jelly|properties|kt)$"))
                            .forEach(sources::add);
                }
            }
        }
        assertThat(sources).as("main sources of the client, follower, sandbox, CLI and plugin")
                .anyMatch(p -> p.toString().contains("maia-client/src/main"))
                .anyMatch(p -> p.toString().contains("maia-cli/src/main"))
                .hasSizeGreaterThan(100);
        List<String> hits = new ArrayList<>();
        for (Path file : sources) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (TLS_OVERRIDE_SOURCE.matcher(lines.get(i)).find()) {
                    hits.add(repository.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(hits).as("TLS overrides in main sources").isEmpty();
    }

    @Test
    void theSourceScanRecognisesTheUsualWaysToDisableVerification() {
        assertThat(Stream.of(
                "builder.hostnameVerifier((host, session) -> true);",
                "builder.sslSocketFactory(context.getSocketFactory(), trustAll);",
                "new X509TrustManager() { public void checkServerTrusted(X509Certificate[] c, String a) {} }",
                "HttpsURLConnection.setDefaultSSLSocketFactory(insecure);"))
                .allMatch(line -> TLS_OVERRIDE_SOURCE.matcher(line).find());
    }
}
