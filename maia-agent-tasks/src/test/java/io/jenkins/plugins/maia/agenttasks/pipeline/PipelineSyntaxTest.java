package io.jenkins.plugins.maia.agenttasks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.util.ListBoxModel;
import io.jenkins.plugins.maia.agenttasks.forms.FieldChecks;
import io.jenkins.plugins.maia.agenttasks.freestyle.MaiaAgentTaskBuilder;
import jenkins.tasks.SimpleBuildStep;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Pipeline Syntax lists each capability once and shows its examples as written. */
@WithJenkins
class PipelineSyntaxTest {

    @Test
    void theFreestyleStepIsNotOfferedToPipelineAsASecondWayToRunATask(JenkinsRule j) {
        assertThat(SimpleBuildStep.class.isAssignableFrom(MaiaAgentTaskBuilder.class)).isFalse();
        assertThat(MaiaAgentTaskBuilder.DescriptorImpl.class.getAnnotation(Symbol.class)).isNull();
    }

    @Test
    void choiceListsStartWithAnEmptyDefaultSoSnippetsCarryOnlyWhatTheUserChose(JenkinsRule j) {
        for (ListBoxModel items : java.util.List.of(FieldChecks.modeItems(), FieldChecks.onDecisionItems(true),
                FieldChecks.onDecisionItems(false))) {
            assertThat(items.get(0).value).isEmpty();
            assertThat(items.get(0).name).startsWith("(default");
        }
        assertThat(FieldChecks.onDecisionItems(false)).extracting(o -> o.value).containsExactly("", "fail", "reject");
    }

    @Test
    void theGlobalVariableReferenceShowsTheExampleLiterally(JenkinsRule j) throws Exception {
        HtmlPage page = j.createWebClient().goTo("pipeline-syntax/globals");
        String text = page.asNormalizedText();
        assertThat(text).contains("echo \"Branch: ${r.targetBranchName}\"");
        assertThat(text).contains("steps.maiaAgentTask(...)");
    }
}
