package io.jenkins.plugins.maia.agenttasks.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plugin is glue: HTTP goes through the Maia client; decisions, polling, budgets and transcripts are the
 * follower's; the running controller is reached through one facade ({@code controller.MaiaController}); and its
 * packages have no import circles. Only the plugin's own classes (target/classes) are checked, not the bundled
 * modules. Every package a rule names must hold classes, so a rename cannot quietly empty a rule.
 */
class ArchitectureTest {

    static final String ROOT = "io.jenkins.plugins.maia.agenttasks";
    static final String CONTROLLER = ROOT + ".controller..";
    static final String CONNECTION = ROOT + ".connection..";
    static final List<String> NAMED_PACKAGES = List.of(CONTROLLER, CONNECTION, ROOT + ".task..",
            ROOT + ".pipeline..", ROOT + ".approval..", ROOT + ".config..", ROOT + ".settings..", ROOT + ".options..", ROOT + ".graph..");

    private static JavaClasses plugin;

    @BeforeAll
    static void importPlugin() {
        Path classes = Paths.get("target", "classes");
        plugin = new ClassFileImporter().importPath(classes);
    }

    @Test
    void everyPackageTheRulesNameHoldsClasses() {
        for (String pkg : NAMED_PACKAGES) {
            assertThat(plugin.that(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(pkg)))
                    .as("classes in %s", pkg).isNotEmpty();
        }
    }

    @Test
    void packagesHaveNoImportCircles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(plugin);
    }

    /** plugin-util-api's NO_JENKINS_INSTANCE_CALL, plus the timer and the global configuration. */
    @Test
    void onlyTheFacadeReachesTheRunningController() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage(CONTROLLER)
                .should().callMethodWhere(jenkinsInstanceCall())
                .orShould().dependOnClassesThat().haveFullyQualifiedName("jenkins.util.Timer")
                .orShould().callMethod(ROOT + ".config.MaiaGlobalConfiguration", "get")
                .because("the controller is reached through controller.MaiaController, on the Maia threads");
        rule.check(plugin);
    }

    @Test
    void noClassWaitsOnJenkinsSharedTimer() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("jenkins.util.Timer")
                .because("Maia work runs on the plugin's own bounded pool (controller.MaiaThreads), never on the "
                        + "ten threads every PeriodicWork and cron trigger share")
                .check(plugin);
    }

    @Test
    void thePluginMakesNoHttpCallsOfItsOwn() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("okhttp3.Call")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("okhttp3.Request")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("okhttp3.Response")
                .orShould().dependOnClassesThat().resideInAPackage("java.net.http..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.HttpURLConnection")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URLConnection")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .because("all HTTP goes through MaiaClient (maia-client)")
                .check(plugin);
    }

    @Test
    void onlyTheConnectorTouchesOkHttpAndOnlyToBuildTheProxyAwareClient() {
        classes().that().resideOutsideOfPackage(CONNECTION)
                .should().onlyDependOnClassesThat().resideOutsideOfPackage("okhttp3..")
                .orShould().haveSimpleName("MaiaCredentials")
                .check(plugin);
    }

    @Test
    void noDecisionPollingOrBudgetLogicLivesInThePlugin() {
        noClasses().should().resideInAnyPackage("io.jenkins.plugins.maia.follower..", "io.jenkins.plugins.maia.client..")
                .because("those packages belong to maia-follower and maia-client")
                .check(plugin);
        noClasses().should().callMethod(io.jenkins.plugins.maia.follower.decision.DecisionPolicy.class, "decide",
                        io.jenkins.plugins.maia.client.model.PendingDecision.class)
                .because("the follower applies the decision policy").check(plugin);
        noClasses().should().implement(io.jenkins.plugins.maia.follower.follow.TaskApi.class)
                .because("the follower talks to the API").check(plugin);
        noClasses().should().callMethod(Thread.class, "sleep", long.class)
                .orShould().callConstructor(Thread.class, Runnable.class)
                .because("steps hold no thread of their own: work runs in short ticks on the Maia threads")
                .check(plugin);
    }

    private static DescribedPredicate<JavaCall<?>> jenkinsInstanceCall() {
        return DescribedPredicate.describe("Jenkins.get(), getInstance() or getInstanceOrNull()",
                call -> call.getTargetOwner().isEquivalentTo(jenkins.model.Jenkins.class)
                        && List.of("get", "getInstance", "getInstanceOrNull", "getActiveInstance")
                                .contains(call.getName()));
    }
}
