package io.jenkins.plugins.maia.follower;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The follower stays Jenkins-free and its packages keep their direction. */
class ArchitectureTest {

    private static final JavaClasses FOLLOWER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jenkins.plugins.maia.follower.follow", "io.jenkins.plugins.maia.follower.decision",
                    "io.jenkins.plugins.maia.follower.budget", "io.jenkins.plugins.maia.follower.transcript");

    @Test
    void dependsOnNoJenkinsPicocliOrSandboxClasses() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("hudson..", "jenkins..", "org.kohsuke..",
                "org.jenkinsci..", "picocli..", "io.jenkins.plugins.maia.sandbox..", "io.jenkins.plugins.maia.cli..")
                .check(FOLLOWER);
    }

    @Test
    void decisionAndBudgetDoNotDependOnTranscripts() {
        noClasses().that().resideInAnyPackage("io.jenkins.plugins.maia.follower.decision..", "io.jenkins.plugins.maia.follower.budget..")
                .should().dependOnClassesThat().resideInAPackage("io.jenkins.plugins.maia.follower.transcript..")
                .check(FOLLOWER);
    }

    @Test
    void decisionAndBudgetDoNotDependOnTheFollowEngine() {
        noClasses().that().resideInAnyPackage("io.jenkins.plugins.maia.follower.decision..", "io.jenkins.plugins.maia.follower.budget..")
                .should().dependOnClassesThat().resideInAPackage("io.jenkins.plugins.maia.follower.follow..")
                .check(FOLLOWER);
    }

    @Test
    void usesTheClientOnlyThroughItsPublicPackages() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.jenkins.plugins.maia.client.internal..")
                .check(FOLLOWER);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.jenkins.plugins.maia.(*)..").should().beFreeOfCycles().check(FOLLOWER);
    }
}
