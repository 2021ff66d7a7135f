package dev.cti.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A directory of bundles ({@code <name>/cert.pem}, {@code <name>/key.pem}) that several processes may fill at
 * once. A bundle is written whole into a private temporary directory, then renamed into place in one
 * {@code rename(2)}: a reader sees no bundle or a complete one, never half of one, and when two processes
 * publish the same name, the first rename wins and the second fails because the target exists and is not
 * empty; the loser drops its copy and uses the winner's ({@link #publish}). No lock file, so nothing stale is
 * left by a process killed half-way (its temporary directory, {@code .tmp-*}, is swept at the next start).
 *
 * <p>Permissions: directories 0700, private keys 0600, certificates 0644.
 */
final class PkiDirectory {
    static final String CERT = "cert.pem";
    static final String KEY = "key.pem";
    private static final String TMP_PREFIX = ".tmp-";
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private final Path dir;
    private final boolean posix;

    PkiDirectory(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new PkiException("cannot create " + this.dir + " (" + e.getMessage() + ")", e);
        }
        this.posix = Files.getFileAttributeView(this.dir, java.nio.file.attribute.PosixFileAttributeView.class) != null;
        restrict(this.dir, DIR);
    }

    Path dir() {
        return dir;
    }

    Path cert(String name) {
        return dir.resolve(name).resolve(CERT);
    }

    Path key(String name) {
        return dir.resolve(name).resolve(KEY);
    }

    boolean exists(String name) {
        return Files.isRegularFile(cert(name));
    }

    /** The bundle's certificates, or empty when there is no such bundle. */
    Optional<List<X509Certificate>> certificates(String name) {
        Path file = cert(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(Pem.readCertificates(Credential.read(file), file.toString()));
    }

    /** The bundle's private key, or empty when the bundle has none here (a CA whose key was moved away). */
    Optional<PrivateKey> key(String name, boolean required) {
        Path file = key(name);
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new PkiException(file + ": file not found");
            }
            return Optional.empty();
        }
        return Optional.of(Pem.readPrivateKey(Credential.read(file), file.toString()));
    }

    /**
     * Publishes a bundle under {@code name} unless one is already there.
     *
     * @return true if this call published it, false if another process (or an earlier start) had
     */
    boolean publish(String name, List<X509Certificate> chain, Optional<PrivateKey> key) {
        Path tmp = write(chain, key);
        try {
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            return false;
        } catch (AtomicMoveNotSupportedException e) {
            throw new PkiException(dir + ": the file system cannot rename atomically", e);
        } catch (FileSystemException e) {
            if (exists(name)) {
                return false; // ENOTEMPTY reported as a plain FileSystemException
            }
            throw new PkiException("cannot publish " + dir.resolve(name) + " (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new PkiException("cannot publish " + dir.resolve(name) + " (" + e.getMessage() + ")", e);
        } finally {
            deleteTree(tmp);
        }
    }

    /**
     * Replaces the bundle {@code name} (a certificate that no longer fits the configuration or expires soon):
     * the old one is renamed away, then the new one renamed in. If another process replaced it meanwhile, its
     * bundle is as good as ours and stays.
     */
    void replace(String name, List<X509Certificate> chain, Optional<PrivateKey> key) {
        Path retired = dir.resolve(TMP_PREFIX + "retired-" + UUID.randomUUID());
        try {
            Files.move(dir.resolve(name), retired, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // another process retired it first
        } catch (IOException e) {
            throw new PkiException("cannot replace " + dir.resolve(name) + " (" + e.getMessage() + ")", e);
        } finally {
            deleteTree(retired);
        }
        publish(name, chain, key);
    }

    /** Removes temporary directories left by a process that died while writing (older than a minute). */
    void sweep() {
        try (Stream<Path> s = Files.list(dir)) {
            long cutoff = System.currentTimeMillis() - 60_000;
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(TMP_PREFIX)).toList()) {
                if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() < cutoff) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            // nothing to sweep, or not listable: publishing will say what is wrong
        }
    }

    private Path write(List<X509Certificate> chain, Optional<PrivateKey> key) {
        Path tmp = dir.resolve(TMP_PREFIX + UUID.randomUUID());
        try {
            Files.createDirectory(tmp);
            restrict(tmp, DIR);
            if (key.isPresent()) {
                Path k = tmp.resolve(KEY);
                Files.createFile(k);
                restrict(k, PRIVATE); // before the key is in it
                Files.writeString(k, Pem.privateKey(key.get()), StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
            }
            Path c = tmp.resolve(CERT);
            Files.writeString(c, Pem.certificates(chain), StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
            restrict(c, PUBLIC);
            return tmp;
        } catch (IOException e) {
            deleteTree(tmp);
            throw new PkiException("cannot write in " + dir + " (" + e.getMessage() + ")", e);
        }
    }

    private void restrict(Path p, Set<PosixFilePermission> perms) {
        if (!posix) {
            return;
        }
        try {
            Files.setPosixFilePermissions(p, perms);
        } catch (IOException e) {
            throw new PkiException("cannot set the permissions of " + p + " (" + e.getMessage() + ")", e);
        }
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException e) {
            // a leftover temporary directory is swept at the next start
        }
    }
}
