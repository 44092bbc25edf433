package io.jenkins.plugins.maia.client.model;

import java.util.List;

/** Answers to a pending question. */
public record QuestionDecision(String id, List<QuestionAnswer> answers) implements Decision {
    public QuestionDecision {
        answers = List.copyOf(answers);
    }
}
