package io.jenkins.plugins.maia.client.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * One page of {@code GET .../messages}. {@code more} is the token for the next page, null when there is
 * none. There is no "since" cursor in the API: a follower re-reads and de-duplicates.
 */
public record MessagePage(List<TaskEvent> results, String more) {
    public MessagePage {
        results = results == null ? List.of() : List.copyOf(results);
    }

    @JsonIgnore
    public boolean hasMore() {
        return more != null && !more.isEmpty();
    }
}
