package io.jenkins.plugins.maia.sandbox;

import java.util.List;

/**
 * Where a request goes. {@code endpoint} is OTHER for unknown paths ({@code allowed} empty) and for known paths
 * called with another method ({@code allowed} lists the methods the path takes).
 */
record Route(Endpoint endpoint, String taskId, List<String> allowed) {

    static final String TASKS = "/v1/ai/agents/tasks";
    static final String TOKEN_PATH = "/oauth/dpc/token";

    boolean known() {
        return endpoint != Endpoint.OTHER;
    }

    static Route of(String method, String path, String basePath) {
        if (path.equals(TOKEN_PATH)) {
            return pick(method, null, List.of("POST"), List.of(Endpoint.TOKEN));
        }
        String prefix = basePath + TASKS;
        if (!path.startsWith(prefix)) {
            return new Route(Endpoint.OTHER, null, List.of());
        }
        String rest = path.substring(prefix.length());
        if (rest.isEmpty()) {
            return pick(method, null, List.of("GET", "POST"), List.of(Endpoint.LIST_TASKS, Endpoint.CREATE_TASK));
        }
        String[] parts = rest.substring(1).split("/", -1);
        if (!rest.startsWith("/") || parts[0].isEmpty() || parts.length > 2) {
            return new Route(Endpoint.OTHER, null, List.of());
        }
        String taskId = parts[0];
        if (parts.length == 1) {
            return pick(method, taskId, List.of("GET", "DELETE"), List.of(Endpoint.GET_TASK, Endpoint.DELETE_TASK));
        }
        return switch (parts[1]) {
            case "messages" -> pick(method, taskId, List.of("GET", "POST"),
                    List.of(Endpoint.GET_MESSAGES, Endpoint.SEND_MESSAGE));
            case "decisions" -> pick(method, taskId, List.of("POST"), List.of(Endpoint.SUBMIT_DECISIONS));
            case "stop" -> pick(method, taskId, List.of("POST"), List.of(Endpoint.STOP_TASK));
            case "permissions" -> pick(method, taskId, List.of("PUT"), List.of(Endpoint.SET_PERMISSIONS));
            default -> new Route(Endpoint.OTHER, null, List.of());
        };
    }

    private static Route pick(String method, String taskId, List<String> methods, List<Endpoint> endpoints) {
        int index = methods.indexOf(method);
        return index < 0 ? new Route(Endpoint.OTHER, taskId, methods) : new Route(endpoints.get(index), taskId, methods);
    }
}
