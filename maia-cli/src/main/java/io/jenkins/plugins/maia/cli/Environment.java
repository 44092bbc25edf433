package io.jenkins.plugins.maia.cli;

import java.util.Map;

/**
 * What the command reads from its surroundings: environment variables (credentials) and whether it runs on
 * an interactive terminal. Injected so tests can run the whole command in-process with their own values.
 */
public interface Environment {

    /** The variable's value, or null when it is unset or blank. */
    String get(String name);

    /** True when a human sits at a terminal (progress line redraws, prompts for decisions). */
    boolean isTerminal();

    /** The real process environment; a terminal when {@link System#console()} is present. */
    static Environment system() {
        return new Environment() {
            @Override
            public String get(String name) {
                return blankToNull(System.getenv(name));
            }

            @Override
            public boolean isTerminal() {
                return System.console() != null;
            }
        };
    }

    /** Fixed variables; never a terminal. */
    static Environment of(Map<String, String> variables) {
        return of(variables, false);
    }

    /** Fixed variables and terminal flag. */
    static Environment of(Map<String, String> variables, boolean terminal) {
        Map<String, String> copy = Map.copyOf(variables);
        return new Environment() {
            @Override
            public String get(String name) {
                return blankToNull(copy.get(name));
            }

            @Override
            public boolean isTerminal() {
                return terminal;
            }
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
