package org.lnteller.adapter.lnurl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Tells a public internet address from one a customer's QR code must never make the server
 * contact: loopback, private (RFC 1918), shared (CGNAT, 100.64/10), link-local (incl. the cloud
 * metadata address 169.254.169.254), unique-local, multicast, unspecified and other reserved
 * ranges, including those ranges written in IPv6 (IPv4-mapped {@code ::ffff:a.b.c.d}, the NAT64
 * prefix {@code 64:ff9b::/96} and 6to4 {@code 2002::/16} are judged by the IPv4 address inside;
 * IPv4-compatible {@code ::a.b.c.d}, local-use NAT64 and Teredo are refused whole). Documentation
 * ranges (TEST-NET, 2001:db8::/32) are not routed on the internet and count as public here.
 * Works on the address bytes only: nothing is resolved. Stateless.
 */
final class PublicAddresses {
    private PublicAddresses() {}

    /** The name of the non-public range {@code address} lies in, or empty for a public address. */
    static Optional<String> nonPublicRange(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) return ipv4(b);
        return ipv6(b);
    }

    private static Optional<String> ipv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 0) return Optional.of(allZero(b, 0, 4) ? "unspecified (0.0.0.0)" : "this network (0.0.0.0/8)");
        if (a0 == 10) return Optional.of("private (10.0.0.0/8)");
        if (a0 == 100 && (a1 & 0xc0) == 64) return Optional.of("shared address space, CGNAT (100.64.0.0/10)");
        if (a0 == 127) return Optional.of("loopback (127.0.0.0/8)");
        if (a0 == 169 && a1 == 254) return Optional.of("link-local (169.254.0.0/16)");
        if (a0 == 172 && (a1 & 0xf0) == 16) return Optional.of("private (172.16.0.0/12)");
        if (a0 == 192 && a1 == 0 && a2 == 0) return Optional.of("IETF protocol assignments (192.0.0.0/24)");
        if (a0 == 192 && a1 == 168) return Optional.of("private (192.168.0.0/16)");
        if (a0 == 198 && (a1 & 0xfe) == 18) return Optional.of("benchmarking (198.18.0.0/15)");
        if ((a0 & 0xf0) == 224) return Optional.of("multicast (224.0.0.0/4)");
        if ((a0 & 0xf0) == 240) return Optional.of("reserved or broadcast (240.0.0.0/4)");
        return Optional.empty();
    }

    private static Optional<String> ipv6(byte[] b) {
        int w0 = word(b, 0);
        int w1 = word(b, 2);
        int w2 = word(b, 4);
        if (allZero(b, 0, 16)) return Optional.of("unspecified (::)");
        if (allZero(b, 0, 15) && b[15] == 1) return Optional.of("loopback (::1)");
        if (allZero(b, 0, 10) && word(b, 10) == 0xffff) {
            // Java turns most of these into Inet4Address; one built from bytes may still arrive here
            return ipv4(slice(b, 12)).map(r -> "IPv4-mapped " + r);
        }
        if (allZero(b, 0, 12)) return Optional.of("IPv4-compatible (::/96, deprecated)");
        if (w0 == 0x0064 && w1 == 0xff9b && allZero(b, 4, 8))
            return ipv4(slice(b, 12)).map(r -> "NAT64 " + r);
        if (w0 == 0x0064 && w1 == 0xff9b && w2 == 0x0001) return Optional.of("local-use NAT64 (64:ff9b:1::/48)");
        if (w0 == 0x0100 && allZero(b, 2, 6)) return Optional.of("discard-only (100::/64)");
        if (w0 == 0x2002) return ipv4(slice(b, 2)).map(r -> "6to4 " + r);
        if (w0 == 0x2001 && w1 == 0x0000) return Optional.of("Teredo (2001::/32)");
        if ((w0 & 0xffc0) == 0xfe80) return Optional.of("link-local (fe80::/10)");
        if ((w0 & 0xffc0) == 0xfec0) return Optional.of("site-local (fec0::/10, deprecated)");
        if ((w0 & 0xfe00) == 0xfc00) return Optional.of("unique-local (fc00::/7)");
        if ((w0 & 0xff00) == 0xff00) return Optional.of("multicast (ff00::/8)");
        if ((w0 & 0xff00) == 0x0000) return Optional.of("reserved (::/8)");
        return Optional.empty();
    }

    private static int word(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) return false;
        }
        return true;
    }

    private static byte[] slice(byte[] b, int from) {
        return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
    }
}
