package io.podchain.api;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The client behind a chain of trusted proxies, read from the one forwarded header those proxies write. The chain is
 * walked from the right, as nginx's {@code real_ip_recursive} and Envoy's {@code xff_num_trusted_hops} do: the
 * socket's peer, then each entry right to left, while the address is a trusted proxy; the first address that is not
 * is the client. A proxy that appends to the header (Envoy, Traefik, a cloud load balancer) leaves what the client
 * sent to the left of what it saw, so the client cannot choose its own address; Quarkus's
 * {@code quarkus.http.proxy.*} takes the leftmost entry, which such a proxy lets the client write.
 * <p>
 * An entry that is not an address ({@code unknown}, an obfuscated {@code _name}, garbage) stops the walk at the
 * trusted proxy that passed it on: those clients share that proxy's address, and nobody picks another's.
 */
public final class ForwardedClient {
    /**
     * Entries read from the right, at most: more hops of trusted proxies than a cluster has (Ingress controller,
     * mesh sidecar, a cloud load balancer); a longer header costs no more to read than this many entries.
     */
    static final int MAX_HOPS = 16;

    /** The header the trusted proxies write; only that one is read, since a proxy passes others on untouched. */
    public enum Header {
        /** {@code X-Forwarded-For: client, proxy1, proxy2}. */
        X_FORWARDED_FOR("X-Forwarded-For"),
        /** RFC 7239: {@code Forwarded: for=client;proto=https, for="[2001:db8::1]:4711"}. */
        FORWARDED("Forwarded");

        final String headerName;

        Header(String headerName) {
            this.headerName = headerName;
        }
    }

    private final List<IpSubnetFilterRule> trusted;
    private final Header header;

    /**
     * @param trustedProxies addresses or CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code 127.0.0.1})
     * @throws IllegalArgumentException naming the entry that is neither
     */
    ForwardedClient(List<String> trustedProxies, Header header) {
        this.header = header;
        List<IpSubnetFilterRule> rules = new ArrayList<>();
        for (String entry : trustedProxies) {
            rules.add(rule(entry.trim()));
        }
        this.trusted = List.copyOf(rules);
    }

    Header header() {
        return header;
    }

    boolean trusts(String address) {
        InetAddress parsed = literal(address);
        return parsed != null && trusts(parsed);
    }

    /**
     * @param peer the socket's peer address (an IP literal)
     * @param headerValue the header's values joined by commas in the order received, or null if it was absent
     * @return the client's address: {@code peer} itself unless {@code peer} is a trusted proxy
     */
    String client(String peer, String headerValue) {
        if (trusted.isEmpty() || headerValue == null) {
            return peer; // every request without a proxy in front: no parsing on its way
        }
        InetAddress current = literal(peer);
        if (current == null || !trusts(current)) {
            return peer;
        }
        int end = headerValue.length();
        for (int hop = 0; hop < MAX_HOPS && end > 0; hop++) {
            int comma = headerValue.lastIndexOf(',', end - 1);
            String entry = headerValue.substring(comma + 1, end).trim();
            end = Math.max(comma, 0);
            InetAddress next = literal(header == Header.FORWARDED ? forValue(entry) : stripPort(entry));
            if (next == null) {
                break;
            }
            current = next;
            if (!trusts(current)) {
                break;
            }
        }
        return current.getHostAddress();
    }

    private boolean trusts(InetAddress address) {
        InetSocketAddress socket = new InetSocketAddress(address, 0);
        for (IpSubnetFilterRule rule : trusted) {
            if (rule.matches(socket)) {
                return true;
            }
        }
        return false;
    }

    /** The {@code for=} parameter of one RFC 7239 element, unquoted; null if it has none. */
    private static String forValue(String element) {
        for (String pair : element.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("for")) {
                String value = pair.substring(equals + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return stripPort(value);
            }
        }
        return null;
    }

    /** {@code 192.0.2.1:80} and {@code [2001:db8::1]:80} without their port; a bare IPv6 literal as it is. */
    private static String stripPort(String node) {
        if (node == null) {
            return null;
        }
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            return close > 0 ? node.substring(1, close) : null;
        }
        int colon = node.indexOf(':');
        return colon > 0 && colon == node.lastIndexOf(':') ? node.substring(0, colon) : node;
    }

    /** An IP literal as an address, without any name lookup; null if it is not one. */
    private static InetAddress literal(String text) {
        if (text == null) {
            return null;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static IpSubnetFilterRule rule(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        InetAddress parsed = literal(address);
        if (parsed == null) {
            throw new IllegalArgumentException("podchain.api.trusted-proxies: '" + entry
                    + "' is not an IP address or CIDR range (such as 10.0.0.0/8 or fd00::/8)");
        }
        int bits = parsed.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("podchain.api.trusted-proxies: '" + entry
                    + "' has a prefix length outside 0.." + bits);
        }
        return new IpSubnetFilterRule(parsed, prefix, IpFilterRuleType.ACCEPT);
    }
}
