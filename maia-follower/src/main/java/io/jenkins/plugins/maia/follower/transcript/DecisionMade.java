package io.jenkins.plugins.maia.follower.transcript;

import java.util.List;

/**
 * A decision sent to the task, as a transcript shows it: read from a {@code "decision"} marker line, with each
 * answered question's text looked up in the pending decisions the transcript showed before it.
 *
 * @param toolName  the tool decided on (may be empty)
 * @param toolId    the decision's id (may be empty)
 * @param verdict   what was decided
 * @param answers   for {@link Verdict#ANSWERED}: one per answered question; empty otherwise
 * @param decidedBy {@code "policy"} or the person's name (may be empty)
 */
record DecisionMade(String toolName, String toolId, Verdict verdict, List<Answer> answers, String decidedBy) {

    enum Verdict {
        APPROVED_ONCE("approved once"),
        APPROVED_FOR_TASK("approved for the task"),
        REJECTED("rejected"),
        ANSWERED("answered");

        private final String words;

        Verdict(String words) {
            this.words = words;
        }

        String words() {
            return words;
        }
    }

    /**
     * One answered question. {@code questionIndex} is zero-based, as the API, {@code --answer N=OPTION} and the
     * prompts use it; {@code question} is its text, empty when the transcript did not show the question.
     */
    record Answer(int questionIndex, String question, List<String> selected) {

        Answer {
            question = question == null ? "" : question;
            selected = List.copyOf(selected);
        }

        /** {@code question 0 (Which load?): Incremental} or, with several options, {@code ...: a, b}. */
        String describe() {
            return "question " + questionIndex + (question.isEmpty() ? "" : " (" + question + ")") + ": "
                    + String.join(", ", selected);
        }
    }

    DecisionMade {
        toolName = toolName == null ? "" : toolName;
        toolId = toolId == null ? "" : toolId;
        answers = List.copyOf(answers);
        decidedBy = decidedBy == null ? "" : decidedBy;
    }
}
