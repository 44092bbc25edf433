package io.jenkins.plugins.maia.client.internal;

import io.jenkins.plugins.maia.client.InvalidRequestException;
import io.jenkins.plugins.maia.client.InvalidRequestException.Violation;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one input, so the user sees them all at once instead of one per attempt. */
public final class Violations {
    private final List<Violation> found = new ArrayList<>();

    public Violations add(String field, String message) {
        found.add(new Violation(field, message));
        return this;
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<Violation> list() {
        return List.copyOf(found);
    }

    /** Throws {@link InvalidRequestException} with everything collected, if anything was. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new InvalidRequestException(found);
        }
    }

    /**
     * A user's value made safe to quote in a message: one line, at most 60 characters. Only for values that
     * are never secret (ids, branch names).
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        String oneLine = value.replaceAll("\\p{Cntrl}", " ");
        if (oneLine.length() > 60) {
            oneLine = oneLine.substring(0, 57) + "...";
        }
        return "'" + oneLine + "'";
    }
}
