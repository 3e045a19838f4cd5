package org.lnteller.codec.bolt11;

import java.util.Objects;
import org.lnteller.codec.Network;
import org.lnteller.codec.bech32.Bech32;

/**
 * A BOLT #11 {@code f} field: an on-chain address the payer may use if Lightning fails.
 * This server pays Lightning only; the fallback is decoded so that it can be shown.
 *
 * @param version 0..16 for a segwit witness version, 17 for P2PKH, 18 for P2SH
 * @param program the witness program (2..40 bytes; 20 or 32 for version 0), or the 20-byte
 *                public key hash / script hash
 */
public record FallbackAddress(int version, ByteVector program) {
    /** The {@code f} version of a pay-to-public-key-hash address. */
    public static final int P2PKH = 17;
    /** The {@code f} version of a pay-to-script-hash address. */
    public static final int P2SH = 18;

    public FallbackAddress {
        Objects.requireNonNull(program, "program");
        int n = program.size();
        if (version == P2PKH || version == P2SH) {
            if (n != 20) throw new IllegalArgumentException("a P2PKH or P2SH fallback carries a 20-byte hash");
        } else if (version == 0) {
            if (n != 20 && n != 32) throw new IllegalArgumentException("a version 0 witness program is 20 or 32 bytes");
        } else if (version >= 1 && version <= 16) {
            if (n < 2 || n > 40) throw new IllegalArgumentException("a witness program is 2 to 40 bytes");
        } else {
            throw new IllegalArgumentException("unknown fallback version " + version);
        }
    }

    /**
     * The address as a wallet shows it: base58check for P2PKH/P2SH, bech32 (v0) or bech32m (v1+)
     * for segwit, with the prefixes of {@code network}.
     */
    public String address(Network network) {
        Objects.requireNonNull(network, "network");
        boolean main = network == Network.MAINNET;
        if (version == P2PKH) return Base58.checkEncode(main ? 0x00 : 0x6f, program.unsafeArray());
        if (version == P2SH) return Base58.checkEncode(main ? 0x05 : 0xc4, program.unsafeArray());
        String hrp = switch (network) {
            case MAINNET -> "bc";
            case TESTNET, SIGNET -> "tb";
            case REGTEST -> "bcrt";
        };
        byte[] programWords = Bech32.toWords(program.unsafeArray());
        byte[] words = new byte[programWords.length + 1];
        words[0] = (byte) version;
        System.arraycopy(programWords, 0, words, 1, programWords.length);
        return Bech32.encode(hrp, words, version == 0 ? Bech32.Variant.BECH32 : Bech32.Variant.BECH32M);
    }
}
