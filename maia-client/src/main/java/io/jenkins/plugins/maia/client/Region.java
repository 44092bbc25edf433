package io.jenkins.plugins.maia.client;

/** The documented Maia regions and their server URLs. The account must be in the same region. */
public enum Region {
    EU1("https://eu1.api.matillion.com/dpc"),
    US1("https://us1.api.matillion.com/dpc");

    private final String baseUrl;

    Region(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }
}
