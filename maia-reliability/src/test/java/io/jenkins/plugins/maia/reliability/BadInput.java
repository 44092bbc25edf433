package io.jenkins.plugins.maia.reliability;

import java.nio.file.Path;
import java.util.List;

/**
 * One row of the bad-input table: what is fed in, and what the user must get back.
 *
 * @param area      client, CLI, sandbox or server (a hostile or broken server answering the real client/CLI)
 * @param name      what is wrong, as the table shows it
 * @param probe     feeds the bad input and observes what a user would see
 * @param cause     words the message must contain (case-insensitive): the field, option or cause, and the fix
 * @param code      the CLI exit code, or the HTTP status for sandbox rows; null when neither applies
 * @param events    for follows: the events the transcript must hold (written up to the failure); null = no check
 * @param forbidden text that must appear nowhere in what is printed (a secret, a terminal escape)
 */
record BadInput(Area area, String name, Probe probe, List<String> cause, Integer code, Integer events,
        List<String> forbidden) {

    enum Area { CLIENT, CLI, SANDBOX, SERVER }

    /** Feeds the input; {@code dir} is an empty directory of its own. */
    @FunctionalInterface
    interface Probe {
        Observation observe(Path dir) throws Exception;
    }

    /**
     * What the user got.
     *
     * @param shown      the message that explains the failure (exception message, or the CLI's stderr)
     * @param code       exit code or HTTP status, null if none
     * @param printed    everything a user sees (stdout and stderr, or the message)
     * @param transcript directory holding the task's transcript, or null
     */
    record Observation(String shown, Integer code, String printed, Path transcript) {}

    BadInput expectEvents(int count) {
        return new BadInput(area, name, probe, cause, code, count, forbidden);
    }

    BadInput forbid(String... texts) {
        return new BadInput(area, name, probe, cause, code, events, List.of(texts));
    }

    @Override
    public String toString() {
        return area + ": " + name;
    }
}
