package io.jenkins.plugins.maia.client.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Agent mode: ACT makes changes, PLAN only produces a plan. UNKNOWN is only ever read, never sent. */
public enum Mode {
    PLAN,
    ACT,
    @JsonEnumDefaultValue
    UNKNOWN
}
