package io.jenkins.plugins.maia.agenttasks.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plugin is glue: HTTP goes through the Maia client, and decisions, polling, budgets and transcripts are the
 * follower's. Only the plugin's own classes (target/classes) are checked, not the bundled modules.
 */
class ArchitectureTest {

    private static JavaClasses plugin;

    @BeforeAll
    static void importPlugin() {
        Path classes = Paths.get("target", "classes");
        plugin = new ClassFileImporter().importPath(classes);
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
        classes().that().resideOutsideOfPackage("io.jenkins.plugins.maia.agenttasks.connection..")
                .should().onlyDependOnClassesThat().resideOutsideOfPackage("okhttp3..")
                .orShould().haveSimpleName("MaiaCredentials")
                .check(plugin);
    }

    @Test
    void noDecisionPollingOrBudgetLogicLivesInThePlugin() {
        noClasses().should().resideInAnyPackage("io.jenkins.plugins.maia.follower.decision..",
                        "io.jenkins.plugins.maia.follower.follow..", "io.jenkins.plugins.maia.follower.budget..",
                        "io.jenkins.plugins.maia.follower.transcript..", "io.jenkins.plugins.maia.client..")
                .because("those packages belong to maia-follower and maia-client")
                .check(plugin);
        noClasses().should().callMethod(io.jenkins.plugins.maia.follower.decision.DecisionPolicy.class, "decide",
                        io.jenkins.plugins.maia.client.model.PendingDecision.class)
                .because("the follower applies the decision policy").check(plugin);
        noClasses().should().implement(io.jenkins.plugins.maia.follower.follow.TaskApi.class)
                .because("the follower talks to the API").check(plugin);
        noClasses().should().callMethod(Thread.class, "sleep", long.class)
                .orShould().callConstructor(Thread.class, Runnable.class)
                .because("steps hold no thread of their own: work runs in short ticks on Jenkins' Timer")
                .check(plugin);
    }
}
