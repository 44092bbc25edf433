package io.jenkins.plugins.maia.client.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The rule for every URL the client talks to (API base URL, token URL): https, or plain http to a loopback
 * address only (localhost, 127.0.0.0/8, ::1), so a bearer token or client secret never crosses a network in
 * clear text. No user info (it would be a secret inside a URL), no query, no fragment. Trailing slashes are
 * dropped so that paths can be appended. The host is never resolved: the decision rests on the text alone.
 */
public final class EndpointUrl {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private EndpointUrl() {}

    /**
     * The normalised URL, or {@code null} after adding a violation naming {@code field} to {@code violations}.
     *
     * @param example shown in the fix, e.g. {@code https://eu1.api.matillion.com/dpc}
     */
    public static HttpUrl check(String field, String url, String example, Violations violations) {
        if (url == null || url.isBlank()) {
            violations.add(field, "is missing; give an https URL such as " + example);
            return null;
        }
        String text = url.trim();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            violations.add(field, "is not a valid URL; give an https URL such as " + example);
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null) {
            // Never echo the URL: the user info may be a password.
            violations.add(field, "must not contain user info (user:password@); pass credentials through the"
                    + " token source instead");
            return null;
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            violations.add(field, Violations.quote(text) + " is not an http(s) URL; give an https URL such as " + example);
            return null;
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            violations.add(field, Violations.quote(text) + " has no host; give an https URL such as " + example);
            return null;
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            violations.add(field, Violations.quote(text) + " must not have a query or fragment; give the base URL only,"
                    + " such as " + example);
            return null;
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            violations.add(field, Violations.quote(text) + " uses plain http, which is only allowed to loopback"
                    + " (localhost, 127.0.0.0/8, ::1); use https, such as " + example);
            return null;
        }
        HttpUrl parsed = HttpUrl.parse(text);
        if (parsed == null) {
            violations.add(field, Violations.quote(text) + " is not a valid URL; give an https URL such as " + example);
            return null;
        }
        String path = parsed.encodedPath();
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.equals("/")) {
            path = "";
        }
        return parsed.newBuilder().encodedPath(path.isEmpty() ? "/" : path).build();
    }

    /** The URL as text without a trailing slash, e.g. {@code https://eu1.api.matillion.com/dpc}. */
    public static String display(HttpUrl url) {
        String text = url.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** True for {@code localhost}, {@code 127.x.y.z} and {@code ::1}, judged from the text only (no DNS). */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.equals("localhost.")) {
            return true;
        }
        var ipv4 = IPV4.matcher(h);
        if (ipv4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(ipv4.group(i)) > 255) {
                    return false;
                }
            }
            return Integer.parseInt(ipv4.group(1)) == 127;
        }
        if (h.indexOf(':') >= 0 && h.matches("[0-9a-f:.]+")) {
            try {
                // A literal IPv6 address: InetAddress parses it without any lookup.
                return InetAddress.getByName(h).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
