package org.lnteller.adapter.lnurl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PublicAddressesTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // IPv4: each range at its first and last address, and in between
                "0.0.0.0              | unspecified",
                "0.1.2.3              | this network",
                "0.255.255.255        | this network",
                "10.0.0.0             | private (10.0.0.0/8)",
                "10.255.255.255       | private (10.0.0.0/8)",
                "100.64.0.0           | CGNAT",
                "100.100.100.200      | CGNAT",
                "100.127.255.255      | CGNAT",
                "127.0.0.0            | loopback",
                "127.0.0.1            | loopback",
                "127.255.255.255      | loopback",
                "169.254.0.0          | link-local",
                "169.254.169.254      | link-local",
                "169.254.255.255      | link-local",
                "172.16.0.0           | private (172.16.0.0/12)",
                "172.31.255.255       | private (172.16.0.0/12)",
                "192.0.0.8            | IETF protocol assignments",
                "192.168.0.0          | private (192.168.0.0/16)",
                "192.168.255.255      | private (192.168.0.0/16)",
                "198.18.0.1           | benchmarking",
                "198.19.255.255       | benchmarking",
                "224.0.0.1            | multicast",
                "239.255.255.255      | multicast",
                "240.0.0.1            | reserved",
                "255.255.255.255      | broadcast",
                // IPv6
                "::                   | unspecified",
                "::1                  | loopback (::1)",
                "fe80::1              | link-local (fe80::/10)",
                "febf:ffff::1         | link-local (fe80::/10)",
                "fec0::1              | site-local",
                "fc00::1              | unique-local",
                "fd12:3456:789a::1    | unique-local",
                "fdff:ffff::1         | unique-local",
                "ff02::1              | multicast",
                "ff0e::1              | multicast",
                "::2                  | IPv4-compatible",
                "::127.0.0.1          | IPv4-compatible",
                "::8.8.8.8            | IPv4-compatible",
                "::1:0:0:1            | reserved (::/8)",
                "100::1               | discard-only",
                "64:ff9b::7f00:1      | NAT64 loopback",
                "64:ff9b::a9fe:a9fe   | NAT64 link-local",
                "64:ff9b::a00:1       | NAT64 private",
                "64:ff9b:1::1         | local-use NAT64",
                "2002:7f00:1::1       | 6to4 loopback",
                "2002:a00:1::         | 6to4 private",
                "2002:c0a8:101::1     | 6to4 private (192.168",
                "2002:a9fe:a9fe::     | 6to4 link-local",
                "2001:0:4136:e378::1  | Teredo",
            })
    void theseAddressesAreNotPublic(String address, String range) throws UnknownHostException {
        assertThat(PublicAddresses.nonPublicRange(InetAddress.getByName(address)))
                .hasValueSatisfying(r -> assertThat(r).contains(range));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "::ffff:127.0.0.1",
                "::ffff:7f00:1",
                "::ffff:10.0.0.1",
                "::ffff:169.254.169.254",
                "::ffff:100.64.0.1",
                "::ffff:192.168.1.1",
                "::ffff:172.16.0.1",
                "::ffff:0.0.0.0",
                "::ffff:224.0.0.1"
            })
    void ipv4MappedFormsOfNonPublicAddressesAreNotPublic(String address) throws UnknownHostException {
        // Java reads these as the IPv4 address they hold
        assertThat(PublicAddresses.nonPublicRange(InetAddress.getByName(address)))
                .isPresent();
    }

    @Test
    void anIpv4MappedAddressBuiltAsIpv6IsJudgedByTheAddressInside() throws UnknownHostException {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        assertThat(PublicAddresses.nonPublicRange(Inet6Address.getByAddress(null, mapped, -1)))
                .hasValueSatisfying(r -> assertThat(r).contains("IPv4-mapped loopback"));
        byte[] publicMapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 8, 8, 8, 8};
        assertThat(PublicAddresses.nonPublicRange(Inet6Address.getByAddress(null, publicMapped, -1)))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.1.1.1",
                "8.8.8.8",
                "9.255.255.255",
                "11.0.0.0",
                "100.63.255.255",
                "100.128.0.0",
                "126.255.255.255",
                "128.0.0.0",
                "169.253.255.255",
                "169.255.0.0",
                "172.15.255.255",
                "172.32.0.0",
                "192.0.1.1",
                "192.167.255.255",
                "192.169.0.0",
                "198.17.255.255",
                "198.20.0.0",
                "203.0.113.10",
                "223.255.255.255",
                "2606:4700:4700::1111",
                "2001:4860:4860::8888",
                "2a00:1450::1",
                "64:ff9b::808:808",
                "2002:808:808::1",
                "::ffff:8.8.8.8",
                "2001:db8::1"
            })
    void theseAddressesArePublic(String address) throws UnknownHostException {
        assertThat(PublicAddresses.nonPublicRange(InetAddress.getByName(address)))
                .isEmpty();
    }
}
