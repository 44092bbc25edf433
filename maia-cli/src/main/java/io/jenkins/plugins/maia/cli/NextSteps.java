package io.jenkins.plugins.maia.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * The commands {@code maia} prints as next steps ("resume with ...", "stop it with ..."), complete with the server,
 * token URL and transcript directory this invocation used, so that each one works pasted into another shell.
 *
 * @param connection    {@link ConnectionOptions#reconnectOptions()}: e.g. {@code --base-url URL --token-url URL}
 * @param transcriptDir the {@code --transcript} directory, or null; {@code watch} continues its saved state
 */
record NextSteps(List<String> connection, Path transcriptDir) {

    NextSteps {
        connection = List.copyOf(connection);
    }

    /** {@code maia watch ID [more] --base-url URL [--transcript DIR]}. */
    String watch(String taskId, String more) {
        return "maia watch " + taskId + suffix(more) + options() + (transcriptDir == null ? "" : " --transcript "
                + shellWord(transcriptDir.toString()));
    }

    /** {@code maia task SUB ID [more] --base-url URL}, e.g. {@code maia task stop ID --base-url URL}. */
    String task(String subcommand, String taskId, String more) {
        return "maia task " + subcommand + " " + taskId + suffix(more) + options();
    }

    private String options() {
        StringBuilder sb = new StringBuilder();
        for (String word : connection) {
            sb.append(' ').append(shellWord(word));
        }
        return sb.toString();
    }

    private static String suffix(String more) {
        return more == null || more.isBlank() ? "" : " " + more.strip();
    }

    /**
     * {@code word} as one shell word, in double quotes when it needs quoting (a path with spaces): the commands are
     * shown inside single quotes in the messages.
     */
    static String shellWord(String word) {
        String w = TerminalText.oneLine(word, 1000);
        return w.matches("[A-Za-z0-9_.,:/@%+=-]+") ? w : "\"" + w.replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("$", "\\$").replace("`", "\\`") + "\"";
    }
}
