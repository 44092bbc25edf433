package io.jenkins.plugins.maia.sandbox;

/** What a request was aimed at, for {@link SandboxStats}. Names follow the contract's operationIds. */
public enum Endpoint {
    TOKEN("POST /oauth/dpc/token"),
    CREATE_TASK("POST /v1/ai/agents/tasks"),
    LIST_TASKS("GET /v1/ai/agents/tasks"),
    GET_TASK("GET /v1/ai/agents/tasks/{taskId}"),
    DELETE_TASK("DELETE /v1/ai/agents/tasks/{taskId}"),
    GET_MESSAGES("GET /v1/ai/agents/tasks/{taskId}/messages"),
    SEND_MESSAGE("POST /v1/ai/agents/tasks/{taskId}/messages"),
    SUBMIT_DECISIONS("POST /v1/ai/agents/tasks/{taskId}/decisions"),
    STOP_TASK("POST /v1/ai/agents/tasks/{taskId}/stop"),
    SET_PERMISSIONS("PUT /v1/ai/agents/tasks/{taskId}/permissions"),
    /** Anything else (wrong path or method). */
    OTHER("");

    private final String route;

    Endpoint(String route) {
        this.route = route;
    }

    /** Method and path template, e.g. {@code POST /v1/ai/agents/tasks/{taskId}/stop}. */
    public String route() {
        return route;
    }
}
