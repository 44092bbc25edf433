package io.jenkins.plugins.maia.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The client stays a plain library: no Jenkins, no CLI, no sandbox; the models know only Jackson and the JDK. */
class ArchitectureTest {
    private static final JavaClasses CLIENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.jenkins.plugins.maia.client");

    /** The packages the rules below name: each must hold classes, so a rename cannot quietly empty a rule. */
    private static final java.util.List<String> NAMED = java.util.List.of("io.jenkins.plugins.maia.client",
            "io.jenkins.plugins.maia.client.model..", "io.jenkins.plugins.maia.client.internal..",
            "io.jenkins.plugins.maia.client.auth..");

    @Test
    void everyPackageTheRulesNameHoldsClasses() {
        for (String pkg : NAMED) {
            org.assertj.core.api.Assertions.assertThat(CLIENT.that(
                    com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(pkg))).as(pkg).isNotEmpty();
        }
    }

    @Test
    void theClientsPackagesHaveNoCycles() {
        // model, internal, auth and contract (the root package is the client's API and the one place that joins them)
        com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
                .matching("io.jenkins.plugins.maia.client.(*)..").should().beFreeOfCycles().check(CLIENT);
    }

    @Test
    void theClientDependsOnNeitherJenkinsNorTheCliNorTheSandbox() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "hudson..", "jenkins..", "org.kohsuke..", "org.jenkinsci..", "picocli..",
                        "io.jenkins.plugins.maia.sandbox..", "io.jenkins.plugins.maia.cli..",
                        "io.jenkins.plugins.maia.follower.follow..", "io.jenkins.plugins.maia.agenttasks..")
                .check(CLIENT);
    }

    @Test
    void modelsDependOnlyOnJacksonAndTheJdk() {
        classes().that().resideInAPackage("io.jenkins.plugins.maia.client.model..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "io.jenkins.plugins.maia.client.model..", "com.fasterxml.jackson..", "java..")
                .check(CLIENT);
    }

    @Test
    void onlyTheClientAndAuthUseTheInternals() {
        classes().that().resideInAPackage("io.jenkins.plugins.maia.client.internal..")
                .should().onlyBeAccessed().byClassesThat().resideInAnyPackage(
                        "io.jenkins.plugins.maia.client", "io.jenkins.plugins.maia.client.auth",
                        "io.jenkins.plugins.maia.client.internal..")
                .check(CLIENT);
    }
}
