package io.jenkins.plugins.maia.quant.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.quant.contract.QuantContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** maia-contract's copy of the vendor's Quant document is the steering repository's, byte for byte. */
class QuantContractCopyTest {

    @Test
    void theContractCopyEqualsTheSteeringCopy() throws IOException {
        Path shared = repositoryRoot().resolve("../shared/quant-api/openapi.yaml").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(shared), "no steering copy at " + shared);
        assertThat(QuantContract.openApiText())
                .as("maia-contract's quant/openapi.yaml must equal %s; copy it over", shared)
                .isEqualTo(Files.readString(shared, StandardCharsets.UTF_8));
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
