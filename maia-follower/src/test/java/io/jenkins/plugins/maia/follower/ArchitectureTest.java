package io.jenkins.plugins.maia.follower;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.Slice;
import com.tngtech.archunit.library.dependencies.Slices;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The follower stays Jenkins-free, its packages keep their direction and have no import circles, and every rule
 * names packages that exist: a rename cannot silently empty a rule (see {@link #everyFollowerPackageARuleNamesHoldsClasses}
 * and the tests after it).
 */
class ArchitectureTest {

    private static final String ROOT = "io.jenkins.plugins.maia.follower";
    private static final String FOLLOW = ROOT + ".follow..";
    private static final String DECISION = ROOT + ".decision..";
    private static final String BUDGET = ROOT + ".budget..";
    private static final String TRANSCRIPT = ROOT + ".transcript..";
    private static final String EVENT = ROOT + ".event..";
    private static final String GRAPH = ROOT + ".graph..";
    private static final String CLIENT_INTERNAL = "io.jenkins.plugins.maia.client.internal..";
    /** The other modules of this repository the follower must not know (not on its class path, so checked on disk). */
    private static final String SANDBOX = "io.jenkins.plugins.maia.sandbox..";
    private static final String CLI = "io.jenkins.plugins.maia.cli..";

    private static final JavaClasses FOLLOWER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void dependsOnNoJenkinsPicocliOrSandboxClasses() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("hudson..", "jenkins..", "org.kohsuke..",
                "org.jenkinsci..", "picocli..", SANDBOX, CLI)
                .check(FOLLOWER);
    }

    @Test
    void decisionAndBudgetDoNotDependOnTranscripts() {
        noClasses().that().resideInAnyPackage(DECISION, BUDGET)
                .should().dependOnClassesThat().resideInAPackage(TRANSCRIPT)
                .check(FOLLOWER);
    }

    @Test
    void decisionAndBudgetDoNotDependOnTheFollowEngine() {
        noClasses().that().resideInAnyPackage(DECISION, BUDGET)
                .should().dependOnClassesThat().resideInAPackage(FOLLOW)
                .check(FOLLOWER);
    }

    @Test
    void eventDependsOnNoOtherPackageOfTheFollower() {
        noClasses().that().resideInAPackage(EVENT)
                .should().dependOnClassesThat().resideInAnyPackage(FOLLOW, DECISION, BUDGET, TRANSCRIPT)
                .check(FOLLOWER);
    }

    /**
     * Transcripts know the follow only as a listener does: the listener contract and the result it is closed with
     * ({@link FollowListener}, {@link FollowResult} and the {@link FollowState} and {@link FollowOutcome} they
     * carry), never the engine (follows, plans, the watch, the follower).
     */
    @Test
    void transcriptDependsOnTheFollowOnlyThroughTheListenerContract() {
        noClasses().that().resideInAPackage(TRANSCRIPT)
                .should().dependOnClassesThat(resideInAPackage(FOLLOW)
                        .and(DescribedPredicate.not(belongToAnyOf(FollowListener.class, FollowResult.class,
                                FollowState.class, FollowOutcome.class))))
                .check(FOLLOWER);
    }

    /** Task graphs are built on follows; a follow knows nothing of the graph it may belong to. */
    @Test
    void nothingButTheGraphPackageKnowsTaskGraphs() {
        noClasses().that().resideOutsideOfPackage(GRAPH)
                .should().dependOnClassesThat().resideInAPackage(GRAPH)
                .check(FOLLOWER);
    }

    @Test
    void usesTheClientOnlyThroughItsPublicPackages() {
        noClasses().should().dependOnClassesThat().resideInAPackage(CLIENT_INTERNAL)
                .check(FOLLOWER);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(FOLLOWER);
    }

    @ParameterizedTest
    @ValueSource(strings = {FOLLOW, DECISION, BUDGET, TRANSCRIPT, EVENT, GRAPH})
    void everyFollowerPackageARuleNamesHoldsClasses(String pkg) {
        assertThat(FOLLOWER.that(resideInAPackage(pkg))).as(pkg).isNotEmpty();
    }

    @Test
    void theCyclesRuleSeesEveryFollowerPackageAsASliceOfItsOwn() {
        List<String> names = Slices.matching(ROOT + ".(*)..").transform(FOLLOWER).stream()
                .map(Slice::getDescription).toList();
        assertThat(names).hasSize(6);
    }

    @Test
    void theClientPackageTheFollowerMustNotUseHoldsClasses() {
        JavaClasses client = new ClassFileImporter().importPackages(CLIENT_INTERNAL.replace("..", ""));
        assertThat(client).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {SANDBOX, CLI})
    void theOtherModulesPackagesTheFollowerMustNotUseExistInTheRepository(String pkg) {
        // Not on the follower's class path (that is the point): look for their sources next to this module.
        Path sources = Path.of("..").toAbsolutePath().normalize();
        String dir = pkg.replace("..", "").replace('.', '/');
        boolean found;
        try (var modules = Files.list(sources)) {
            found = modules.anyMatch(m -> Files.isDirectory(m.resolve("src/main/java").resolve(dir)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(found).as("a module holds " + dir).isTrue();
    }
}
