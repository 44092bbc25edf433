package io.jenkins.plugins.maia.agenttasks.pipeline

import org.jenkinsci.plugins.workflow.cps.CpsScript

/**
 * Trusted (not sandboxed) Groovy behind the maiaAgentTask and maiaAgentMessage global variables; see
 * MaiaGlobalVariable. It only chains steps a Pipeline could call itself: the Java step, the real input step
 * while the task waits for a decision, and the internal resume step. Keep it that small: every public member
 * of this class can be reached from sandboxed scripts.
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
        // Through `steps.`, never `script.maiaAgentTask(...)`: the variable shadows the step of the same name.
        Map result = stepName == 'maiaAgentMessage' ? script.steps.maiaAgentMessage(args) : script.steps.maiaAgentTask(args)
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
            def answer = script.steps.input(inputArgs)
            List values = []
            for (Map field : request.fields) {
                def value = answer instanceof Map ? answer[field.name] : answer
                values.add(value == null ? '' : value.toString())
            }
            String decidedBy = answer instanceof Map ? answer[request.submitterParameter] : null
            result = script.steps.maiaAgentTaskResume(taskId: result.taskId, values: values, decidedBy: decidedBy)
        }
        result?.remove('input')
        return result
    }
}
