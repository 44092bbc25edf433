package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.DecisionScope;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import java.util.stream.Collectors;

/** A decision taken, in words: the console line, the step summary and the warnings all say it the same way. */
final class DecisionWords {

    /**
     * How much of who or what decided a line shows: a person's name, or a rule of --rules with its pattern
     * ({@code rules[0]: query_warehouse query ~ (?is)^\s*select\b -> approve}), whose verdict at the end must show.
     */
    static final int MAX_DECIDED_BY = 200;

    private DecisionWords() {}

    /**
     * e.g. {@code approved git_push once}, {@code rejected delete_file}, {@code answered question: 0=Incremental};
     * {@code pending} should already be masked (see {@link ServerText#decision}).
     */
    static String of(PendingDecision pending, Decision decision) {
        if (decision instanceof ToolDecision tool) {
            return tool.approved()
                    ? "approved " + name(pending) + (tool.scope() == DecisionScope.CONVERSATION ? " for the rest of the task" : " once")
                    : "rejected " + name(pending);
        }
        QuestionDecision q = (QuestionDecision) decision;
        return "answered " + name(pending) + ": " + q.answers().stream()
                .map(a -> a.questionIndex() + "=" + String.join(",", a.selectedOptions()))
                .collect(Collectors.joining(" "));
    }

    private static String name(PendingDecision p) {
        return p.isQuestion() ? "question" : TerminalText.oneLine(p.toolName(), 80);
    }
}
