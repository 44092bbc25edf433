package io.jenkins.plugins.maia.quant.mirror;

import io.jenkins.plugins.maia.quant.model.QuantStatus;
import java.util.Map;
import java.util.Objects;

/**
 * What a Quant task should show (or was last sent): the fields the mirror maintains. {@code ended} marks the last
 * state of this run (completed, failed, cancelled, or blocked when the run leaves a task paused).
 */
record MirrorState(
        QuantStatus status,
        String progressMessage,
        String blockedReason,
        Map<String, Object> result,
        String error,
        Map<String, Object> metadata,
        boolean ended) {

    MirrorState {
        Objects.requireNonNull(status, "status");
        result = result == null ? null : Map.copyOf(result);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    static MirrorState pending(Map<String, Object> metadata) {
        return new MirrorState(QuantStatus.PENDING, null, null, null, null, metadata, false);
    }

    MirrorState withStatus(QuantStatus newStatus, String newBlockedReason) {
        return new MirrorState(newStatus, progressMessage, newBlockedReason, result, error, metadata, ended);
    }

    MirrorState withProgressMessage(String message) {
        return new MirrorState(status, message, blockedReason, result, error, metadata, ended);
    }

    MirrorState withMetadata(Map<String, Object> newMetadata) {
        return new MirrorState(status, progressMessage, blockedReason, result, error, newMetadata, ended);
    }

    /** The last state of the run: {@code status} with its result or error. */
    MirrorState ending(QuantStatus endStatus, String reason, Map<String, Object> endResult, String endError) {
        return new MirrorState(endStatus, progressMessage, reason, endResult, endError, metadata, true);
    }
}
