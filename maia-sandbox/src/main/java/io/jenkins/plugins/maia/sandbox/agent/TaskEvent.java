package io.jenkins.plugins.maia.sandbox.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** One entry of a task's message history. {@code data} is never mutated after the event is recorded. */
public record TaskEvent(Instant timestamp, String groupId, ObjectNode data) {}
