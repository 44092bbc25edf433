package io.jenkins.plugins.maia.quant;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** maia-quant stays a plain library, uses maia-client only through its public packages, and keeps its direction. */
class ArchitectureTest {
    private static final JavaClasses QUANT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jenkins.plugins.maia.quant");

    @Test
    void dependsOnNoJenkinsPicocliSandboxOrCliClasses() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("hudson..", "jenkins..", "org.kohsuke..",
                "org.jenkinsci..", "picocli..", "io.jenkins.plugins.maia.sandbox..", "io.jenkins.plugins.maia.cli..",
                "io.jenkins.plugins.maia.agenttasks..").check(QUANT);
    }

    @Test
    void usesTheMaiaClientOnlyThroughItsPublicPackages() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.jenkins.plugins.maia.client.internal..")
                .check(QUANT);
    }

    @Test
    void theModelKnowsOnlyJacksonAndTheJdk() {
        classes().that().resideInAPackage("io.jenkins.plugins.maia.quant.model..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.jenkins.plugins.maia.quant.model..", "com.fasterxml.jackson..", "java..")
                .check(QUANT);
    }

    @Test
    void theClientDoesNotKnowTheMirror() {
        noClasses().that().resideInAPackage("io.jenkins.plugins.maia.quant.client..").should().dependOnClassesThat()
                .resideInAPackage("io.jenkins.plugins.maia.quant.mirror..").check(QUANT);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.jenkins.plugins.maia.quant.(*)..").should().beFreeOfCycles().check(QUANT);
    }
}
