package org.ecoeval.tracking.domain;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which webhook URLs tracking-service may call. A plan is written by a bureau, but the service runs inside the
 * county's (or the province's) network: a webhook to loopback, link-local (the cloud metadata address
 * 169.254.169.254), private, shared or multicast addresses would let a plan reach what the county never meant to
 * expose (SSRF). Those are refused unless the allow-list names the host (or host:port) or an address range
 * (CIDR) holding it: the local stack and the tests allow their own receivers on 127.0.0.1. Checked when a plan is
 * registered and again before each delivery (a name may resolve elsewhere later). Pure: the resolver is given.
 */
public final class WebhookTargets {

    /** Name resolution, as {@link InetAddress#getAllByName}. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final List<String> allowed;
    private final Resolver resolver;

    public WebhookTargets(List<String> allowed, Resolver resolver) {
        this.allowed = allowed.stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).toList();
        this.resolver = resolver;
    }

    /**
     * Why the URL may not be called, or empty when it may. A name that does not resolve now is not refused here
     * (it may resolve in the county's network); the delivery checks it again.
     */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            return Optional.of("the webhook URL is not a URL");
        }
        String host = uri.getHost();
        if (host == null) {
            return Optional.of("the webhook URL names no host");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        if (allowed.contains(host) || allowed.contains(host + ":" + port)) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            Optional<String> kind = internalKind(address);
            if (kind.isPresent() && allowed.stream().noneMatch(range -> inRange(address, range))) {
                return Optional.of("the webhook URL points at " + kind.get() + " (" + address.getHostAddress()
                        + "), which tracking-service does not call unless "
                        + "ecoeval.tracking.webhook.allowed-targets allows it");
            }
        }
        return Optional.empty();
    }

    /** The kind of a non-public address, empty for a public one. */
    static Optional<String> internalKind(InetAddress a) {
        byte[] b = a.getAddress();
        if (a.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (a.isAnyLocalAddress()) {
            return Optional.of("the unspecified address");
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of("a link-local address (cloud metadata lives there)");
        }
        if (a.isSiteLocalAddress()) {
            return Optional.of("a private address");
        }
        if (a.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 100 && second >= 64 && second < 128) {
                return Optional.of("a shared (carrier-grade NAT) address");
            }
            if (first == 0 || first >= 240) {
                return Optional.of("a reserved address");
            }
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("a private (unique local) address");
            }
            if (isMappedIpv4(b)) {
                try {
                    return internalKind(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return Optional.of("an unreadable address");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isMappedIpv4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    /** Whether {@code address} lies in {@code range} ("10.0.0.0/8", "fd00::/8" or a single address). */
    static boolean inRange(InetAddress address, String range) {
        String[] parts = range.split("/", 2);
        if (!parts[0].matches("[0-9.]+|[0-9a-f:]+") || !parts[0].contains(".") && !parts[0].contains(":")) {
            return false; // a host name in the allow-list, matched by name above
        }
        try {
            byte[] net = InetAddress.getByName(parts[0]).getAddress();
            byte[] ip = address.getAddress();
            if (net.length != ip.length) {
                return false;
            }
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : net.length * 8;
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((net[i / 8] & mask) != (ip[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }
}
