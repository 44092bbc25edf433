package io.jenkins.plugins.maia.cli;

import picocli.CommandLine;

/**
 * {@code --answer N=OPTION}: for question number {@code N} of a pending question (zero-based, the API's
 * {@code questionIndex}), choose the option labelled {@code OPTION}.
 */
public record AnswerOption(int questionIndex, String option) {

    /** Picocli converter with a message that shows the expected form. */
    public static final class Converter implements CommandLine.ITypeConverter<AnswerOption> {
        @Override
        public AnswerOption convert(String value) {
            int eq = value.indexOf('=');
            String index = eq < 0 ? "" : value.substring(0, eq).trim();
            String option = eq < 0 ? "" : value.substring(eq + 1).trim();
            if (!index.matches("\\d{1,4}") || option.isEmpty()) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not an answer: write N=OPTION, N being the zero-based question index and OPTION an option label, e.g. 0=Yes");
            }
            return new AnswerOption(Integer.parseInt(index), option);
        }
    }
}
