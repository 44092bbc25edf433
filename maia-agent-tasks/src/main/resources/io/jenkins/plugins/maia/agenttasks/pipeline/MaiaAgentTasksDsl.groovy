package io.jenkins.plugins.maia.agenttasks.pipeline

import com.cloudbees.groovy.cps.NonCPS
import org.jenkinsci.plugins.workflow.cps.CpsScript
import io.jenkins.plugins.maia.agenttasks.pipeline.VariableTickets
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException

/**
 * Trusted (not sandboxed) Groovy behind the maiaAgentTask and maiaAgentMessage global variables; see
 * MaiaGlobalVariable. It only chains steps a Pipeline could call itself: the Java step, the real input step
 * while the task waits for a decision, and the internal resume step. Keep it that small: every public member
 * of this class can be reached from sandboxed scripts.
 *
 * Nothing the person answers passes through here: the resume step reads the answer from the input step's own
 * record. When the input ends without an answer (the build is aborted, a timeout expires, someone rejects it),
 * the resume step stops the task (stopOnAbort) and the interruption is rethrown, so the build ends as Jenkins
 * decided.
 */
class MaiaAgentTasksDsl implements Serializable {

    private static final long serialVersionUID = 1L

    private final CpsScript script
    private final String stepName

    MaiaAgentTasksDsl(CpsScript script, String stepName) {
        this.script = script
        this.stepName = stepName
    }

    def call(Map args) {
        Map stepArgs = new LinkedHashMap(args)
        // Only this variable can ask a person through the input step (a single-use ticket says so to the step);
        // a direct steps.maiaAgentTask call fails instead.
        stepArgs.variableTicket = VariableTickets.issue()
        // Through `steps.`, never `script.maiaAgentTask(...)`: the variable shadows the step of the same name.
        Map result = stepName == 'maiaAgentMessage' ? script.steps.maiaAgentMessage(stepArgs) : script.steps.maiaAgentTask(stepArgs)
        while (result != null && result.input != null) {
            Map request = result.input
            List parameters = []
            for (Map field : request.fields) {
                if (field.type == 'string') {
                    parameters.add(script.steps.string(name: field.name, defaultValue: '', description: field.description, trim: true))
                } else {
                    parameters.add(script.steps.choice(name: field.name, choices: field.choices, description: field.description))
                }
            }
            Map inputArgs = [message: request.message, id: request.id, ok: request.ok,
                             submitterParameter: request.submitterParameter, parameters: parameters]
            if (request.submitter) {
                inputArgs.submitter = request.submitter
            }
            try {
                script.steps.input(inputArgs)
            } catch (Throwable interruption) {
                String taskId = result.taskId
                try {
                    script.steps.maiaAgentTaskResume(taskId: taskId, inputEnded: describe(interruption))
                } catch (Throwable stopFailure) {
                    script.steps.echo("Maia: could not stop task ${taskId} after the input ended: ${stopFailure.message}")
                }
                throw interruption
            }
            result = script.steps.maiaAgentTaskResume(taskId: result.taskId)
        }
        result?.remove('input')
        return result
    }

    /** "Aborted by alice", "Rejected by bob", "Timeout has been exceeded", or the exception itself. */
    @NonCPS
    private static String describe(Throwable interruption) {
        if (interruption instanceof FlowInterruptedException) {
            List<String> causes = []
            for (def cause : interruption.causes) {
                causes.add(cause.shortDescription)
            }
            if (!causes.isEmpty()) {
                return causes.join('; ')
            }
            return "interrupted (${interruption.result})"
        }
        return interruption.toString()
    }
}
