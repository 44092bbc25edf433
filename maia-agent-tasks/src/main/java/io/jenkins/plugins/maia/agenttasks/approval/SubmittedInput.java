package io.jenkins.plugins.maia.agenttasks.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.plugins.workflow.actions.ArgumentsAction;
import org.jenkinsci.plugins.workflow.actions.TimingAction;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.graph.StepNode;
import org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.support.steps.input.InputSubmittedAction;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The answer a person gave in a real Jenkins input, as the {@code input} step itself recorded it on its flow node
 * ({@link InputSubmittedAction}: the approver's user id and the submitted parameters). Nothing a Pipeline script
 * passes is believed: a script cannot add that action to a node (only {@code InputStepExecution.proceed} does,
 * after the submitter check), so a script that calls the resume step itself, from a {@code parallel} branch while
 * the input waits or with made-up values, finds no answer and is refused.
 *
 * @param approver   the user id of the person who answered; null only where Jenkins has no security (anonymous)
 * @param parameters the submitted values by parameter name (includes the submitter parameter)
 */
@Restricted(NoExternalUse.class)
public record SubmittedInput(@CheckForNull String approver, Map<String, Object> parameters) {

    public SubmittedInput {
        parameters = new LinkedHashMap<>(parameters);
    }

    /**
     * The answer to the input {@code inputId} that started at or after {@code notBeforeMillis} (the pause it
     * answers; an older input with the same id answered an earlier pause), or null while it has none.
     */
    public static @CheckForNull SubmittedInput find(FlowExecution execution, String inputId, long notBeforeMillis) {
        FlowNode node = new DepthFirstScanner().findFirstMatch(execution, n -> n != null && isInput(n, inputId)
                && TimingAction.getStartTime(n) >= notBeforeMillis);
        if (node == null) {
            return null;
        }
        InputSubmittedAction submitted = node.getAction(InputSubmittedAction.class);
        return submitted == null ? null : new SubmittedInput(submitted.getApprover(), submitted.getParameters());
    }

    private static boolean isInput(FlowNode node, String inputId) {
        if (!(node instanceof StepNode stepNode)) {
            return false;
        }
        StepDescriptor descriptor = stepNode.getDescriptor();
        return descriptor != null && "input".equals(descriptor.getFunctionName())
                && inputId.equals(ArgumentsAction.getArguments(node).get("id"));
    }
}
