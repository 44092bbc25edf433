package io.jenkins.plugins.maia.sandbox;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sandbox is a server of its own: it shares no code with the client it is a test partner of (so a client bug
 * cannot hide behind the same bug in the server), knows nothing of Jenkins or the CLI, and its packages have no
 * cycles. Every package a rule names must hold classes.
 */
class ArchitectureTest {

    private static final String ROOT = "io.jenkins.plugins.maia.sandbox";
    private static final JavaClasses SANDBOX = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(ROOT);

    @Test
    void everyPackageTheRulesNameHoldsClasses() {
        for (String pkg : List.of(ROOT, ROOT + ".agent..", ROOT + ".scenario..", ROOT + ".quant..")) {
            assertThat(SANDBOX.that(resideInAPackage(pkg))).as(pkg).isNotEmpty();
        }
    }

    @Test
    void theSandboxSharesNoCodeWithTheClientAndKnowsNoJenkinsOrCli() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.jenkins.plugins.maia.client..",
                        "io.jenkins.plugins.maia.follower..", "io.jenkins.plugins.maia.cli..",
                        "io.jenkins.plugins.maia.agenttasks..", "hudson..", "jenkins..")
                .because("the sandbox is the client's independent test partner").check(SANDBOX);
    }

    @Test
    void itsPackagesHaveNoCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(SANDBOX);
    }
}
