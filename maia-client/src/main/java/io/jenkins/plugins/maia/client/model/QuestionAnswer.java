package io.jenkins.plugins.maia.client.model;

import java.util.List;

/** The options chosen for question number {@code questionIndex} (zero-based) of a pending question. */
public record QuestionAnswer(int questionIndex, List<String> selectedOptions) {
    public QuestionAnswer {
        selectedOptions = List.copyOf(selectedOptions);
    }
}
