package io.jenkins.plugins.maia.cli;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The CLI is a front end: it reaches Maia through the client's public API and the follower, never the client's
 * internals, and knows nothing of Jenkins. Every package a rule names must hold classes.
 */
class ArchitectureTest {

    private static final String ROOT = "io.jenkins.plugins.maia.cli";
    private static final JavaClasses CLI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(ROOT);

    @Test
    void thePackageTheRulesNameHoldsClasses() {
        assertThat(CLI.that(resideInAPackage(ROOT + ".."))).isNotEmpty();
    }

    @Test
    void theCliUsesNoClientInternalsAndNoJenkins() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.jenkins.plugins.maia.client.internal..",
                        "io.jenkins.plugins.maia.agenttasks..", "hudson..", "jenkins..")
                .check(CLI);
    }
}
