package io.jenkins.plugins.maia.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.maia.client.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class StaticTokenTest {
    static final String TOKEN = "eyJhbGciOi.SECRET-payload.sig";

    @Test
    void identityIsAShortHashOfTheToken() throws Exception {
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(TOKEN.getBytes(StandardCharsets.UTF_8)));
        StaticToken token = StaticToken.of(TOKEN);
        assertThat(token.identity()).isEqualTo("token:" + hex.substring(0, 12));
        assertThat(token.accessToken()).isEqualTo(TOKEN);
        token.invalidate(TOKEN);
        assertThat(token.accessToken()).as("a static token cannot be renewed").isEqualTo(TOKEN);
    }

    @Test
    void surroundingBlanksAndABearerPrefixAreRemoved() {
        assertThat(StaticToken.of("  " + TOKEN + "\n").accessToken()).isEqualTo(TOKEN);
        assertThat(StaticToken.of("Bearer " + TOKEN).accessToken()).isEqualTo(TOKEN);
        assertThat(StaticToken.of("bearer  " + TOKEN).identity()).isEqualTo(StaticToken.of(TOKEN).identity());
    }

    @Test
    void unusableTokensAreRefusedWithoutQuotingThem() {
        InvalidRequestException blank = catchThrowableOfType(InvalidRequestException.class, () -> StaticToken.of(" "));
        assertThat(blank.getMessage()).isEqualTo("Invalid request: token: is missing; set the access token (for example in MAIA_TOKEN)");
        InvalidRequestException broken = catchThrowableOfType(InvalidRequestException.class,
                () -> StaticToken.of("abc-SECRET\nX-Injected: 1"));
        assertThat(broken.violations()).singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("token"));
        assertThat(broken.getMessage()).doesNotContain("abc-SECRET");
        assertThat(catchThrowableOfType(InvalidRequestException.class, () -> StaticToken.of(null))).isNotNull();
    }

    @Test
    void toStringHidesTheToken() {
        assertThat(StaticToken.of(TOKEN).toString()).doesNotContain(TOKEN).doesNotContain("SECRET").contains("****");
    }
}
