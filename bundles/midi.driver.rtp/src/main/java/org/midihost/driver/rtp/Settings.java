package org.midihost.driver.rtp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * One driver instance's configuration, checked.
 *
 * @param driverId the driver id, the first half of the endpoint ids
 * @param name our session name (sent in IN and OK)
 * @param port the control port; the data port is {@code port + 1}
 * @param bind the local address both sockets are bound to
 * @param peers the participants to invite (their control ports)
 * @param accept the hosts whose invitations are accepted when {@code bind} is not a loopback address
 * @param timeoutMillis how long a session may stay silent before it is ended
 * @param announce whether our session is announced over mDNS/DNS-SD ({@code _apple-midi._udp})
 * @param discover glob patterns of session names to invite when they are discovered over mDNS/DNS-SD;
 *        empty: nothing is browsed
 */
record Settings(String driverId, String name, int port, InetAddress bind, List<InetSocketAddress> peers,
        List<InetAddress> accept, long timeoutMillis, boolean announce, List<String> discover) {

    static final int MIN_TIMEOUT = 100;

    Settings {
        peers = List.copyOf(peers);
        accept = List.copyOf(accept);
        discover = List.copyOf(discover);
    }

    /**
     * @param c the configuration
     * @return the settings
     * @throws IllegalArgumentException naming the bad property and value
     */
    static Settings of(RtpDriver.Config c) {
        String id = c.midihost_driver_id() == null ? "" : c.midihost_driver_id().strip();
        if (id.isEmpty() || id.indexOf('/') >= 0 || id.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("midihost.driver.id '" + c.midihost_driver_id()
                    + "': must be non-empty, without '/' or whitespace");
        }
        String name = c.name() == null || c.name().isBlank() ? "midihost" : c.name().strip();
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("name '" + name + "': at most 255 UTF-8 octets, no NUL");
        }
        if (c.port() < 1 || c.port() > 65534) {
            throw new IllegalArgumentException("port " + c.port() + ": must be 1..65534 (the data port is port + 1)");
        }
        if (c.timeout() < MIN_TIMEOUT) {
            throw new IllegalArgumentException("timeout " + c.timeout() + " ms: must be at least " + MIN_TIMEOUT);
        }
        InetAddress bind = address("bind", c.bind() == null || c.bind().isBlank() ? "127.0.0.1" : c.bind().strip());
        List<InetSocketAddress> peers = new ArrayList<>();
        for (String p : split(c.peers())) {
            peers.add(peer(p));
        }
        List<InetAddress> accept = new ArrayList<>();
        for (String a : split(c.accept())) {
            accept.add(address("accept", a));
        }
        List<String> discover = split(c.discover());
        for (String d : discover) {
            if (d.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("discover '" + d + "': no NUL in a pattern");
            }
        }
        return new Settings(id, name, c.port(), bind, peers, accept, c.timeout(), c.announce(), discover);
    }

    /** {@code host:port} (an IPv6 literal in brackets) as an address. */
    static InetSocketAddress peer(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("peers '" + text + "': must be host:port");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("peers '" + text + "': port is no number");
        }
        if (port < 1 || port > 65534) {
            throw new IllegalArgumentException("peers '" + text + "': port must be 1..65534");
        }
        return new InetSocketAddress(address("peers", host), port);
    }

    private static InetAddress address(String property, String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(property + " '" + host + "': unknown host");
        }
    }

    /** Each value may hold several entries separated by commas (as one string in a .cfg file). */
    private static List<String> split(String[] values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                if (v != null) {
                    for (String s : v.split(",")) {
                        if (!s.isBlank()) {
                            out.add(s.strip());
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Whether mDNS/DNS-SD is used at all: to announce, to browse, or both. */
    boolean bonjour() {
        return announce || !discover.isEmpty();
    }

    /**
     * Whether a discovered session name matches one of the {@code discover} patterns: {@code *} any
     * run of characters, {@code ?} one character, everything else itself, case ignored.
     */
    boolean discovers(String sessionName) {
        for (String pattern : discover) {
            if (glob(pattern, sessionName)) {
                return true;
            }
        }
        return false;
    }

    static boolean glob(String pattern, String text) {
        String p = pattern.toLowerCase(java.util.Locale.ROOT);
        String t = text.toLowerCase(java.util.Locale.ROOT);
        int pi = 0;
        int ti = 0;
        int star = -1;
        int mark = 0;
        while (ti < t.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == t.charAt(ti))) {
                pi++;
                ti++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = ti;
            } else if (star >= 0) {
                pi = star + 1;
                ti = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    /** Whether an invitation from {@code from} is accepted: any on loopback, else only the configured hosts. */
    boolean accepts(InetAddress from) {
        return bind.isLoopbackAddress() || accept.contains(from);
    }
}
