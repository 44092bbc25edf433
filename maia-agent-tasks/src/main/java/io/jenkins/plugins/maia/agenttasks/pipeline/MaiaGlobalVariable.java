package io.jenkins.plugins.maia.agenttasks.pipeline;

import edu.umd.cs.findbugs.annotations.NonNull;
import groovy.lang.Binding;
import org.jenkinsci.plugins.workflow.cps.CpsScript;
import org.jenkinsci.plugins.workflow.cps.GlobalVariable;

/**
 * A Pipeline global variable named like a Maia step. {@code CpsScript.invokeMethod} looks up global variables
 * before steps, so {@code maiaAgentTask(...)} in a Jenkinsfile reaches this variable, whose trusted Groovy class
 * ({@code MaiaAgentTasksDsl.groovy}) calls the Java step through {@code steps.maiaAgentTask(...)} and, while the
 * task waits for a decision, the real {@code input} step, then the internal resume step. The input therefore is
 * a genuine Jenkins input: on the build's input page, in Pipeline Graph View and Stage View, behind
 * {@code /input/ID/proceed}, with {@code submitter} checks and the approver recorded.
 *
 * <p>The pattern (and its caveats) is docker-workflow's {@code docker} variable; the Groovy file is allowed by
 * {@link MaiaDslAllowlist}. See the module README for why a Java step alone cannot pause on a real input.
 */
abstract class MaiaGlobalVariable extends GlobalVariable {

    static final String DSL_CLASS = "io.jenkins.plugins.maia.agenttasks.pipeline.MaiaAgentTasksDsl";

    /** The step the variable wraps (its function name, which is also the variable's name). */
    abstract String stepName();

    @NonNull
    @Override
    public String getName() {
        return stepName();
    }

    @NonNull
    @Override
    public Object getValue(@NonNull CpsScript script) throws Exception {
        Binding binding = script.getBinding();
        String name = getName();
        if (binding.hasVariable(name)) {
            return binding.getVariable(name);
        }
        // A constructor, not a method, so no CpsCallableInvocation escapes here (same note as DockerDSL).
        Object value = script.getClass().getClassLoader().loadClass(DSL_CLASS)
                .getConstructor(CpsScript.class, String.class).newInstance(script, name);
        binding.setVariable(name, value);
        return value;
    }
}
