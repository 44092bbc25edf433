package io.jenkins.plugins.maia.agenttasks.pipeline;

import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;

/**
 * The descriptor of a step that only the plugin's global variables call (resume, and the graph's plan, gate and
 * end): kept out of the Snippet Generator's main list, and given the build and its console.
 */
abstract class InternalStepDescriptor extends StepDescriptor {

    /** Kept out of the main Snippet Generator list: the global variables call it. */
    @Override
    public boolean isAdvanced() {
        return true;
    }

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class);
    }
}
