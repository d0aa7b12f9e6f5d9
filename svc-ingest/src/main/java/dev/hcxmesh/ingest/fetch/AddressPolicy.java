package dev.hcxmesh.ingest.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Classifies resolved target addresses for the SSRF guard. Pure: no lookups. IPv4-mapped, NAT64
 * and 6to4 IPv6 forms are judged by the IPv4 address they embed.
 */
public final class AddressPolicy {
    private AddressPolicy() {}

    /** Why an address is not a public unicast target. */
    public enum Category {
        PUBLIC,
        /** Never connectable: 0.0.0.0/8, ::, broadcast, multicast, 240/4. */
        UNROUTABLE,
        LOOPBACK,
        /** 10/8, 172.16/12, 192.168/16, 100.64/10 (CGNAT), 198.18/15, fc00::/7 (unique-local), fec0::/10. */
        PRIVATE,
        /** 169.254/16, fe80::/10. */
        LINK_LOCAL,
        /** Cloud metadata endpoints: 169.254.169.254, fd00:ec2::254. */
        METADATA
    }

    /** The category of {@code address}. */
    public static Category classify(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            Optional<Inet4Address> embedded = embeddedV4(v6.getAddress());
            if (embedded.isPresent()) {
                return classify(embedded.get());
            }
            byte[] a = v6.getAddress();
            if (isMetadataV6(a)) {
                return Category.METADATA;
            }
            if (v6.isAnyLocalAddress() || v6.isMulticastAddress()) {
                return Category.UNROUTABLE;
            }
            if (v6.isLoopbackAddress()) {
                return Category.LOOPBACK;
            }
            if (v6.isLinkLocalAddress()) {
                return Category.LINK_LOCAL;
            }
            if ((a[0] & 0xFE) == 0xFC || v6.isSiteLocalAddress()) {
                return Category.PRIVATE;
            }
            return Category.PUBLIC;
        }
        byte[] a = address.getAddress();
        int b0 = a[0] & 0xFF;
        int b1 = a[1] & 0xFF;
        if (b0 == 169 && b1 == 254 && (a[2] & 0xFF) == 169 && (a[3] & 0xFF) == 254) {
            return Category.METADATA;
        }
        if (b0 == 0 || b0 >= 224) {
            return Category.UNROUTABLE; // this-network, multicast 224/4, reserved 240/4, broadcast
        }
        if (b0 == 127) {
            return Category.LOOPBACK;
        }
        if (b0 == 169 && b1 == 254) {
            return Category.LINK_LOCAL;
        }
        if (b0 == 10
                || (b0 == 172 && b1 >= 16 && b1 <= 31)
                || (b0 == 192 && b1 == 168)
                || (b0 == 100 && b1 >= 64 && b1 <= 127)
                || (b0 == 198 && (b1 == 18 || b1 == 19))) {
            return Category.PRIVATE;
        }
        return Category.PUBLIC;
    }

    /** IPv4 embedded in ::ffff:a.b.c.d, ::a.b.c.d (compat), 64:ff9b::/96 (NAT64) or 2002::/16 (6to4). */
    static Optional<Inet4Address> embeddedV4(byte[] a) {
        boolean zeros80 = true;
        for (int i = 0; i < 10; i++) {
            zeros80 &= a[i] == 0;
        }
        byte[] v4 = null;
        if (zeros80 && ((a[10] == (byte) 0xFF && a[11] == (byte) 0xFF) || (a[10] == 0 && a[11] == 0 && !trivial(a)))) {
            v4 = new byte[] {a[12], a[13], a[14], a[15]};
        } else if (a[0] == 0 && a[1] == 0x64 && a[2] == (byte) 0xFF && a[3] == (byte) 0x9B && allZero(a, 4, 12)) {
            v4 = new byte[] {a[12], a[13], a[14], a[15]};
        } else if (a[0] == 0x20 && a[1] == 0x02) {
            v4 = new byte[] {a[2], a[3], a[4], a[5]};
        }
        if (v4 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // unreachable: 4 bytes is always valid
        }
    }

    /** :: and ::1 are not IPv4-compatible forms. */
    private static boolean trivial(byte[] a) {
        return allZero(a, 12, 15) && (a[15] == 0 || a[15] == 1);
    }

    private static boolean isMetadataV6(byte[] a) {
        // fd00:ec2::254
        return (a[0] & 0xFF) == 0xFD
                && a[1] == 0
                && (a[2] & 0xFF) == 0x0E
                && (a[3] & 0xFF) == 0xC2
                && allZero(a, 4, 14)
                && a[14] == 0x02
                && a[15] == 0x54;
    }

    private static boolean allZero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
