package io.jenkins.plugins.maia.quant.client;

import io.jenkins.plugins.maia.client.InvalidRequestException.Violation;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The rule for Quant's URL, the same as for the Maia API's: https, or plain http to a loopback address only
 * (localhost, 127.0.0.0/8, ::1, judged from the text without any lookup), so the token never crosses a network in
 * clear text; no user info, query or fragment; trailing slashes dropped.
 */
public final class QuantUrl {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private QuantUrl() {}

    /** The normalised URL, or null after adding a violation naming {@code field} to {@code violations}. */
    static HttpUrl check(String field, String url, List<Violation> violations) {
        String example = QuantClient.DEFAULT_BASE_URL;
        if (url == null || url.isBlank()) {
            violations.add(new Violation(field, "is missing; give Quant's URL, such as " + example));
            return null;
        }
        String text = url.trim();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            violations.add(new Violation(field, "is not a valid URL; give Quant's URL, such as " + example));
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String problem = null;
        if (uri.getRawUserInfo() != null) {
            // Never echo such a URL: the user info may be a password.
            violations.add(new Violation(field, "must not contain user info (user:password@); the token comes from"
                    + " QUANT_TOKEN or a credential"));
            return null;
        } else if (!scheme.equals("https") && !scheme.equals("http")) {
            problem = "is not an http(s) URL";
        } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
            problem = "has no host";
        } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problem = "must not have a query or fragment";
        } else if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            problem = "uses plain http, which is only allowed to loopback (localhost, 127.0.0.0/8, ::1)";
        }
        HttpUrl parsed = problem == null ? HttpUrl.parse(text) : null;
        if (problem == null && parsed == null) {
            problem = "is not a valid URL";
        }
        if (problem != null) {
            violations.add(new Violation(field, quote(text) + " " + problem + "; give an https URL such as " + example));
            return null;
        }
        String path = parsed.encodedPath();
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return parsed.newBuilder().encodedPath(path).build();
    }

    /** True for {@code localhost}, {@code 127.x.y.z} and {@code ::1}, judged from the text only. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.equals("localhost.")) {
            return true;
        }
        Matcher ipv4 = IPV4.matcher(h);
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
                return InetAddress.getByName(h).isLoopbackAddress(); // a literal: no lookup
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** A value that is never secret, safe to quote: one line, at most 60 characters. */
    static String quote(String value) {
        String oneLine = value.replaceAll("\\p{Cntrl}", " ");
        return "'" + (oneLine.length() > 60 ? oneLine.substring(0, 57) + "..." : oneLine) + "'";
    }
}
