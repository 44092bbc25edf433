package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.TaskStatus;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * {@code tasks list --status}: the statuses a task can be filtered by, any case. {@link TaskStatus#UNKNOWN} exists
 * only for reading a status this client does not know, so it is neither offered (help, completion) nor accepted.
 */
final class StatusFilter {

    static final List<String> NAMES = Arrays.stream(TaskStatus.values()).filter(s -> s != TaskStatus.UNKNOWN)
            .map(Enum::name).toList();

    private StatusFilter() {}

    /** Picocli converter with a message that lists the statuses. */
    static final class Converter implements CommandLine.ITypeConverter<TaskStatus> {
        @Override
        public TaskStatus convert(String value) {
            String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
            if (NAMES.contains(v)) {
                return TaskStatus.valueOf(v);
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a status to filter by: use "
                    + String.join(", ", NAMES));
        }
    }

    /** What help and shell completion offer. */
    static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return NAMES.iterator();
        }
    }
}
