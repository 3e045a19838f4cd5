package org.lnteller.app.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The data folder's private files (the simulated wallet's key and ledger, the admin token, the
 * purchase secret): readable and writable by their owner only (where the file system has POSIX
 * permissions), and put in place atomically, so that a crash or a power cut leaves either the old
 * content or the new, never half of it.
 */
public final class PrivateFiles {
    /** rw-------: the node key and the ledger (which holds preimages) are the operator's alone. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** rwx------: the data folder; nobody else may even list it. */
    public static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = PosixFilePermissions.fromString("---rwxrwx");

    /**
     * The most handed to one {@link FileChannel#write} call. A heap buffer is copied through a
     * temporary direct buffer of its size, which the JDK then caches per thread; written whole, a
     * file of some megabytes from a couple of hundred server threads held that many megabytes of
     * direct memory each, until it ran out for everyone (H2's own I/O included).
     */
    static final int WRITE_CHUNK = 8 * 1024;

    private PrivateFiles() {}

    /** True when {@code dir}'s file system has POSIX permissions (not, e.g., on Windows). */
    /** The folder holding {@code file}; a file, not the root of the file system. */
    public static Path folderOf(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null) throw new IllegalArgumentException(file + " is the root, not a file in a folder");
        return dir;
    }

    public static boolean supportsPosix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Replaces {@code target} with {@code content}: a temporary file beside it (owner-only from its
     * creation, so the content is never readable by others, not even briefly), flushed to disk,
     * then moved over the target in one step, and the folder synced so that the move itself is
     * on disk when this returns (which also keeps two calls' moves in the order they were made).
     */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = folderOf(target);
        Path temp = ownerOnlyTempFileBeside(target);
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
                // a file system without atomic rename: replacing is the best it offers
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncFolder(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A new temporary file in {@code target}'s folder, owner-only from its creation so its content is never readable by others. */
    private static Path ownerOnlyTempFileBeside(Path target) throws IOException {
        Path dir = folderOf(target);
        FileAttribute<?>[] attributes = supportsPosix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        return Files.createTempFile(dir, target.getFileName().toString() + ".", ".tmp", attributes);
    }

    /** Makes a rename in {@code dir} durable, where the platform allows a folder to be synced. */
    private static void syncFolder(Path dir) {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException notSupported) {
            // Windows cannot open a folder as a file; its file systems journal the rename anyway
        }
    }

    /**
     * Makes {@code dir} the owner's alone: creates it (and missing parents) as {@code rwx------}, or,
     * when it exists, sets it to {@code rwx------} and every file in it to {@code rw-------} where
     * group or others had any access. Subfolders are treated like the folder itself.
     *
     * @return the paths whose permissions were looser and were fixed now, each with the permissions it had
     *     (empty when nothing was fixed, or the file system has no POSIX permissions)
     * @throws IOException when the folder cannot be created, is not a folder, or cannot be written
     */
    public static List<String> secureFolder(Path dir) throws IOException {
        Path folder = dir.toAbsolutePath();
        if (!Files.exists(folder)) {
            Path parent = folder.getParent();
            try {
                if (parent != null) Files.createDirectories(parent);
            } catch (FileAlreadyExistsException notAFolder) {
                // createDirectories' way of saying that a part of the path is a file
                throw new NotDirectoryException(notAFolder.getFile());
            }
            try {
                Files.createDirectory(
                        folder,
                        supportsPosix(parent == null ? folder : parent)
                                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER)}
                                : new FileAttribute<?>[0]);
            } catch (FileAlreadyExistsException raced) {
                // another process created it at the same moment: checked below like any existing folder
            }
        }
        if (!Files.isDirectory(folder)) throw new FileSystemException(folder.toString(), null, "not a folder");
        List<String> fixed = new ArrayList<>();
        if (supportsPosix(folder)) tighten(folder, fixed);
        if (!Files.isWritable(folder)) throw new AccessDeniedException(folder.toString(), null, "not writable");
        return fixed;
    }

    /**
     * Creates {@code file} empty and owner-only unless it exists, so that a program that then opens
     * it (H2, for its database) writes into a file nobody else can read, whatever its own umask.
     *
     * @return true when this call created the file
     */
    public static boolean createOwnerOnly(Path file) throws IOException {
        Path dir = folderOf(file);
        try {
            Files.createFile(
                    file,
                    supportsPosix(dir)
                            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                            : new FileAttribute<?>[0]);
            return true;
        } catch (FileAlreadyExistsException exists) {
            return false;
        }
    }

    private static void tighten(Path path, List<String> fixed) throws IOException {
        boolean folder = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
        if (!folder && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
            return; // links and devices: not ours to change
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (now.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            Files.setPosixFilePermissions(path, folder ? OWNER_ONLY_FOLDER : OWNER_ONLY);
            fixed.add(path + " (was " + PosixFilePermissions.toString(now) + ")");
        }
        if (folder) {
            try (Stream<Path> children = Files.list(path)) {
                for (Path child : (Iterable<Path>) children::iterator) tighten(child, fixed);
            }
        }
    }

    /** A secret kept in a file, and whether this call created it. */
    public record Secret(String value, boolean created) {
        @Override
        public String toString() {
            return "Secret[<redacted>, created=" + created + "]";
        }
    }

    /**
     * The secret in {@code file} (trimmed), or, when there is none yet, {@code fresh}'s value written
     * to it owner-only and atomically. Two processes starting at once both read the one that landed.
     */
    public static Secret readOrCreate(Path file, Supplier<String> fresh) throws IOException {
        if (Files.exists(file))
            return new Secret(Files.readString(file, StandardCharsets.UTF_8).strip(), false);
        Files.createDirectories(file.toAbsolutePath().getParent());
        String value = fresh.get();
        Path temp = ownerOnlyTempFileBeside(file);
        try {
            Files.writeString(temp, value + "\n", StandardCharsets.UTF_8);
            try {
                // a link, not a move: it fails when another process created the file first
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException raced) {
                return new Secret(Files.readString(file, StandardCharsets.UTF_8).strip(), false);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return new Secret(value, true);
    }
}
