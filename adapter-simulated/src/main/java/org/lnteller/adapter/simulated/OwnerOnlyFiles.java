package org.lnteller.adapter.simulated;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The wallet's private files (node key, inbox invoices, its database): owner-only where the file
 * system has POSIX permissions, and put in place atomically.
 *
 * <p>The same rules as the server's own files ({@code app}'s {@code PrivateFiles}), kept here
 * because an adapter may depend only on the ports, the codec and libraries, not on {@code app}:
 * only the three operations the wallet needs, not the data folder's other helpers.
 */
final class OwnerOnlyFiles {
    /** rw-------: the node key and the ledger (which holds preimages) are the operator's alone. */
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** Written in pieces: a heap buffer goes through a per-thread direct buffer of its size. */
    private static final int WRITE_CHUNK = 8 * 1024;

    private OwnerOnlyFiles() {}

    /** True when {@code dir}'s file system has POSIX permissions (not, e.g., on Windows). */
    static boolean supportsPosix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Replaces {@code target} with {@code content}: an owner-only temporary file beside it, forced
     * to disk, moved over the target in one step, then the folder synced so the move is on disk.
     */
    /** The folder holding {@code file}; a file, not the root of the file system. */
    static Path folderOf(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null) throw new IllegalArgumentException(file + " is the root, not a file in a folder");
        return dir;
    }

    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = folderOf(target);
        Path temp = Files.createTempFile(dir, target.getFileName().toString() + ".", ".tmp", ownerOnly(dir));
        try {
            try (FileChannel channel =
                    FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                for (int offset = 0; offset < content.length; offset += WRITE_CHUNK) {
                    ByteBuffer chunk = ByteBuffer.wrap(content, offset, Math.min(WRITE_CHUNK, content.length - offset));
                    while (chunk.hasRemaining()) channel.write(chunk);
                }
                // on disk before the rename, or a crash could leave the new name on empty content
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
                folder.force(true);
            } catch (IOException notSupported) {
                // Windows cannot open a folder as a file; its file systems journal the rename anyway
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Creates {@code file} empty and owner-only unless it exists, so that H2, which opens it next,
     * writes into a file nobody else can read, whatever the process's umask.
     */
    static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, ownerOnly(folderOf(file)));
        } catch (FileAlreadyExistsException exists) {
            // kept as it is: an operator's chmod stands, and a looser one is warned about by whoever owns it
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) {
        return supportsPosix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }
}
