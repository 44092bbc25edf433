package io.jenkins.plugins.maia.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --message TEXT} or {@code --message-file FILE} (exactly one; {@code -} reads standard input). */
public final class MessageInput {

    @Option(names = "--message", paramLabel = "TEXT", required = true, description = "The instruction for the agent.")
    String text;

    @Option(names = "--message-file", paramLabel = "FILE", required = true,
            description = "Read the instruction from FILE (UTF-8); '-' reads standard input.")
    Path file;

    /**
     * The message; a file that cannot be read, or an empty message, is a usage error naming the option. The client's
     * later checks of the text (its length) then name the option that was used, too.
     */
    public String read(CliContext ctx) {
        if (file != null) {
            ctx.nameField("message", "--message-file");
        }
        return read(ctx.in());
    }

    /** The message; a file that cannot be read, or an empty message, is a usage error naming the option. */
    public String read(InputStream stdin) {
        String message;
        if (file != null) {
            if (Files.isDirectory(file)) {
                throw new UsageException("Cannot read --message-file '" + file + "': it is a directory, give a file");
            }
            try {
                message = file.toString().equals("-")
                        ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new UsageException("Cannot read --message-file '" + file + "': " + describe(e));
            }
            if (message.isBlank()) {
                throw new UsageException("--message-file '" + file + "' is empty: write the instruction for the agent in it");
            }
        } else {
            message = text;
            if (message == null || message.isBlank()) {
                throw new UsageException("--message is empty: give the instruction for the agent");
            }
        }
        return message;
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.charset.CharacterCodingException || e instanceof java.io.UncheckedIOException) {
            return "not valid UTF-8 text";
        }
        String detail = e.getMessage() == null ? "" : e.getMessage();
        return detail.isBlank() ? "unreadable" : detail.toLowerCase(java.util.Locale.ROOT);
    }
}
