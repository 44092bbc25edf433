package io.jenkins.plugins.maia.cli;

import java.util.List;

/**
 * Everything wrong with a batch file, found before any call, each problem naming its path in the file and the fix.
 * {@link BatchCommand} prints one line per problem (a file is fixed in one go) and ends with exit code 2.
 */
final class BatchFileProblems extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    BatchFileProblems(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
