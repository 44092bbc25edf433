package io.jenkins.plugins.maia.follower.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the redactor masks, and the words about credentials it leaves readable. */
class RedactorTest {

    private final Redactor redactor = Redactor.headersOnly();

    @Test
    void bearerCredentialsAreMaskedWhateverTheirShape() {
        assertThat(redactor.redact("curl -H 'Bearer abc.def-ghi_jkl'")).isEqualTo("curl -H 'Bearer ****'");
        assertThat(redactor.redact("bearer eyJhbGciOiJIUzI1NiJ9.e30.sig=")).isEqualTo("bearer ****");
        // A credential that starts like one of the plain words is still a credential.
        assertThat(redactor.redact("Bearer token-7Hq2xZ9w")).isEqualTo("Bearer ****");
        assertThat(redactor.redact("Bearer tokens/abc")).isEqualTo("Bearer ****");
        assertThat(redactor.redact("Authorization: Bearer xyz")).isEqualTo("Authorization: ****");
    }

    @Test
    void proseAboutBearerTokensStaysReadable() {
        assertThat(redactor.redact("set MAIA_TOKEN (a bearer token) or MAIA_CLIENT_ID"))
                .isEqualTo("set MAIA_TOKEN (a bearer token) or MAIA_CLIENT_ID");
        assertThat(redactor.redact("Bearer tokens expire after 30 minutes; send a bearer credential."))
                .isEqualTo("Bearer tokens expire after 30 minutes; send a bearer credential.");
        assertThat(redactor.redact("WWW-Authenticate: Bearer realm=\"maia\"")).isEqualTo("WWW-Authenticate: Bearer realm=\"maia\"");
    }

    @Test
    void givenSecretsAreMaskedEvenInsideProse() {
        Redactor withSecret = Redactor.of(List.of("s3cr3t-value"));
        assertThat(withSecret.redact("a bearer token s3cr3t-value")).isEqualTo("a bearer token ****");
    }
}
