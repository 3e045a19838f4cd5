package org.lnteller.adapter.simulated;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated node's secp256k1 private key, kept as 64 hex characters in one file. Created on
 * first use, owner-only, and the same on every later load, so that invoices issued before a restart
 * still name this node as their payee. Neither this class nor its logs ever show the key.
 */
final class NodeKey {
    private static final Logger log = LoggerFactory.getLogger(NodeKey.class);
    private static final HexFormat HEX = HexFormat.of();

    private NodeKey() {}

    /**
     * The key in {@code file}, or a new one from {@code random} written there when the file does
     * not exist yet.
     *
     * @return the 32-byte private key; the caller keeps it to itself
     * @throws UncheckedIOException  when the file cannot be read or written
     * @throws IllegalStateException when the file holds something other than a valid key
     */
    static byte[] loadOrCreate(Path file, SecureRandom random) {
        try {
            return load(file);
        } catch (NoSuchFileException absent) {
            return create(file, random);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the simulated node key " + file, e);
        }
    }

    private static byte[] load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        byte[] key;
        try {
            key = HEX.parseHex(text);
            // throws for a key outside the curve order, so a damaged file is named here and not at the first invoice
            Bolt11.nodeIdOf(key);
        } catch (IllegalArgumentException e) {
            // the message deliberately leaves out the file's content: it may be most of a key
            throw new IllegalStateException(file + " does not hold a secp256k1 private key as 64 hex characters");
        }
        warnIfReadableByOthers(file);
        return key;
    }

    private static byte[] create(Path file, SecureRandom random) {
        byte[] key = new byte[32];
        while (true) {
            random.nextBytes(key);
            try {
                Bolt11.nodeIdOf(key);
                break;
            } catch (IllegalArgumentException outsideTheCurveOrder) {
                // zero or at least the group order: about one draw in 2^128, so draw again
            }
        }
        try {
            OwnerOnlyFiles.writeAtomically(file, HEX.formatHex(key).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the simulated node key " + file, e);
        }
        NodeId id = Bolt11.nodeIdOf(key);
        log.info("Created the simulated Lightning node key in {} (node id {})", file, id);
        return key;
    }

    private static void warnIfReadableByOthers(Path file) throws IOException {
        if (!OwnerOnlyFiles.supportsPosix(OwnerOnlyFiles.folderOf(file))) return;
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OwnerOnlyFiles.OWNER_ONLY.containsAll(permissions)) {
            log.warn(
                    "The simulated node key {} is readable by others ({}); chmod 600 it",
                    file,
                    PosixFilePermissions.toString(permissions));
        }
    }
}
