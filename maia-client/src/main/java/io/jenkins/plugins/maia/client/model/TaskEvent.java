package io.jenkins.plugins.maia.client.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One entry of a task's message history. {@code data} is untyped in the API, so it is kept as JSON;
 * {@code raw} is the whole event exactly as received (for lossless transcripts).
 * {@code timestamp} is null when the server sent none or an unparseable one.
 */
public record TaskEvent(JsonNode data, String groupId, Instant timestamp, JsonNode raw) {}
