package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.Mode;
import java.util.Locale;
import picocli.CommandLine;

/** {@code --mode PLAN|ACT}, any case. {@link Mode#UNKNOWN} exists only for reading, so it is refused. */
public final class ModeConverter implements CommandLine.ITypeConverter<Mode> {
    @Override
    public Mode convert(String value) {
        String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        if (v.equals("PLAN")) {
            return Mode.PLAN;
        }
        if (v.equals("ACT")) {
            return Mode.ACT;
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a mode: use PLAN or ACT");
    }

    /** What help and shell completion offer: the modes a task can be given (not UNKNOWN). */
    public static final class Candidates extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        public Candidates() {
            super(java.util.List.of("PLAN", "ACT"));
        }
    }
}
