package org.lnteller.app.simulated;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.app.files.PrivateFiles;
import org.lnteller.app.simulated.Ledger.Change;
import org.lnteller.app.simulated.Ledger.IssuedInvoice;
import org.lnteller.app.simulated.Ledger.OutgoingPayment;
import org.lnteller.ports.lightning.PaymentFailure;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.codec.Network;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's changes since its snapshot, one compact JSON object per line, appended and made
 * durable before the change is applied. Owner-only, as it holds preimages.
 *
 * <p>The first line is the {@link Header}: the network, the generation (which snapshot the
 * journal continues; 0 when it continues no snapshot, or a version 1 one) and the balance it starts
 * from. Every later line is one {@link Change}:
 * <pre>
 * {"event":"invoice","status":"PENDING","paymentHash":…,"bolt11":…,"amountMsat":…,"expiresAt":…,"preimage":…}
 * {"event":"invoice","status":"PAID","paymentHash":…,"at":…,"balanceMsat":…}
 * {"event":"payment","status":"SUCCEEDED","paymentHash":…,"amountMsat":…,"feeMsat":…,"preimage":…,"at":…,"balanceMsat":…}
 * {"event":"payment","status":"FAILED","paymentHash":…,"reason":…,"message":…,"at":…}
 * </pre>
 * ({@code balanceMsat} is the balance after the change; the preimage of a SUCCEEDED payment is
 * there only when the wallet paid its own invoice.)
 *
 * <p>A journal is created whole, by an atomic rename, so its header is never torn. A crash while
 * appending can leave the last line without its newline: that change was never acknowledged (its
 * sync had not returned), so replay ignores it and the next append starts where it began. Any
 * other damage is refused.
 *
 * <p>Appends are serialised by the caller (the wallet's lock).
 */
final class LedgerJournal {
    private static final Logger log = LoggerFactory.getLogger(LedgerJournal.class);

    /** Bumped when the shape changes incompatibly, so that an older server refuses a newer journal. */
    static final int VERSION = 1;

    // compact: one change is one line; no INDENT_OUTPUT
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final Path file;
    /**
     * Not a FileChannel: a FileChannel is closed for good when a thread is interrupted in the
     * middle of a write, and a server thread may be interrupted (a request timeout, a shutdown);
     * a RandomAccessFile's writes and syncs are not interruptible.
     */
    private final RandomAccessFile out;
    /** Bytes of complete lines: where the next append starts. */
    private long size;
    /** Set when a failed append could not be undone: the file's end is then unknown. */
    private IOException broken;

    private LedgerJournal(Path file, RandomAccessFile out, long size) {
        this.file = file;
        this.out = out;
        this.size = size;
    }

    /**
     * The journal's first line.
     *
     * @param generation  the snapshot this journal continues; 0 for none or a version 1 snapshot
     * @param balanceMsat the balance before the journal's first change
     */
    record Header(Integer version, String network, Long generation, Long balanceMsat) {}

    /** One change; which fields are set depends on {@code event} and {@code status}. */
    record Line(String event, String status, String paymentHash, String bolt11, Long amountMsat, String expiresAt,
                String preimage, Long feeMsat, String reason, String message, String at, Long balanceMsat) {}

    /**
     * Replaces {@code file} with a journal that holds only its header. Atomic: a crash leaves the
     * previous journal (or none) or this one.
     *
     * @return its length: where the first change goes
     * @throws UncheckedIOException when it could not be written
     */
    static long create(Path file, Network network, long generation, MilliSatoshi balance) {
        try {
            byte[] header = JSON.writeValueAsBytes(new Header(VERSION, network.name(), generation, balance.msat()));
            byte[] line = Arrays.copyOf(header, header.length + 1);
            line[header.length] = '\n';
            PrivateFiles.writeAtomically(file, line);
            return line.length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the simulated wallet's journal " + file, e);
        }
    }

    /** Opens the journal's file for reading and writing; tests put a disk that fails in its place. */
    @FunctionalInterface
    interface Opener {
        Opener FILE = file -> new RandomAccessFile(file.toFile(), "rw");

        RandomAccessFile open(Path file) throws IOException;
    }

    /**
     * Opens {@code file} to append to, after {@code validLength} bytes: a torn last line beyond
     * them is cut off first, so that the next change does not land on its end.
     *
     * @throws UncheckedIOException when it cannot be opened or cut
     */
    static LedgerJournal openForAppend(Path file, long validLength, Opener opener) {
        try {
            RandomAccessFile out = opener.open(file);
            try {
                if (out.length() != validLength) {
                    out.setLength(validLength);
                    out.getFD().sync();
                }
            } catch (IOException e) {
                out.close();
                throw e;
            }
            return new LedgerJournal(file, out, validLength);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the simulated wallet's journal " + file, e);
        }
    }

    Path path() {
        return file;
    }

    /**
     * Writes {@code change} as one line and syncs it to disk. When this throws, the journal is as
     * it was before the call (or, if even that could not be restored, refuses every later append
     * until the wallet is reopened), so the caller may treat the change as never made.
     *
     * @throws UncheckedIOException when the line could not be written and synced
     */
    void append(Change change) {
        byte[] line = encode(change);
        if (broken != null) {
            throw new UncheckedIOException("the simulated wallet's journal " + file
                    + " takes no more changes since a write failed and could not be undone; restart to recover", broken);
        }
        long start = size;
        try {
            out.seek(start);
            out.write(line);
            // fsync: the change is on disk before the caller hears of it, and before it is applied
            out.getFD().sync();
            size = start + line.length;
        } catch (IOException e) {
            undo(start, e);
            throw new UncheckedIOException("cannot write the simulated wallet's journal " + file, e);
        }
    }

    /**
     * Cuts what a failed append left, so that neither a partial line nor a complete but
     * unacknowledged one (its sync failed) is replayed later as a change the caller was told did
     * not happen.
     */
    private void undo(long start, IOException cause) {
        try {
            out.setLength(start);
            out.getFD().sync();
        } catch (IOException e) {
            cause.addSuppressed(e);
            broken = cause;
            log.error("The simulated wallet's journal {} could not be restored after a failed write; it takes no more "
                    + "changes until the wallet is reopened", file, e);
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * A journal open for reading: its header first, then, if the caller wants them, its changes.
     * Streams, so that a long journal is not held in memory as text.
     */
    static final class Reader implements Closeable {
        private final Path file;
        private final InputStream in;
        private final Header header;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream(1024);
        /** Bytes up to the end of the last complete line read. */
        private long complete;
        private long lineNumber;

        private Reader(Path file, InputStream in) throws IOException {
            this.file = file;
            this.in = in;
            Optional<byte[]> first = nextLine();
            if (first.isEmpty()) {
                // created whole by a rename, so even a crash cannot leave it without its header
                throw damaged("it has no header line");
            }
            try {
                header = JSON.readValue(first.get(), Header.class);
            } catch (IOException e) {
                throw damaged("line 1 is not its header: " + e.getMessage());
            }
            if (header.version() == null || header.version() != VERSION) {
                throw damaged("its version " + header.version() + " is not " + VERSION);
            }
            if (header.network() == null || header.generation() == null || header.generation() < 0
                    || header.balanceMsat() == null || header.balanceMsat() < 0) {
                throw damaged("its header lacks the network, generation or balance");
            }
            try {
                Network.valueOf(header.network());
            } catch (IllegalArgumentException e) {
                throw damaged("its network " + header.network() + " is unknown");
            }
        }

        /**
         * The journal in {@code file}, or empty when there is none.
         *
         * @throws UncheckedIOException  when it exists but cannot be read
         * @throws IllegalStateException when its header is missing or not one this version reads
         */
        static Optional<Reader> open(Path file) {
            InputStream in;
            try {
                in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
            } catch (NoSuchFileException absent) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the simulated wallet's journal " + file, e);
            }
            try {
                return Optional.of(new Reader(file, in));
            } catch (IOException e) {
                closeQuietly(in);
                throw new UncheckedIOException("cannot read the simulated wallet's journal " + file, e);
            } catch (RuntimeException e) {
                closeQuietly(in);
                throw e;
            }
        }

        Header header() {
            return header;
        }

        Network network() {
            return Network.valueOf(header.network());
        }

        /** What replaying found. */
        record Replayed(long changes, long validLength, long tornBytes) {}

        /**
         * Applies every change after the header to {@code ledger}, in order. A last line without
         * its newline is not applied (see the class comment) and reported in {@code tornBytes}.
         *
         * @throws IllegalStateException when a complete line is not a change or does not fit the ledger
         */
        Replayed replayInto(Ledger ledger) {
            long changes = 0;
            try {
                for (Optional<byte[]> line = nextLine(); line.isPresent(); line = nextLine()) {
                    Change change;
                    try {
                        change = decode(JSON.readValue(line.get(), Line.class));
                        ledger.apply(change);
                    } catch (IOException | RuntimeException e) {
                        throw damaged("line " + lineNumber + ": " + e.getMessage());
                    }
                    changes++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the simulated wallet's journal " + file, e);
            }
            return new Replayed(changes, complete, pending.size());
        }

        /** The next complete line without its newline; empty at the end (a torn tail stays in {@link #pending}). */
        private Optional<byte[]> nextLine() throws IOException {
            pending.reset();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    complete += pending.size() + 1;
                    lineNumber++;
                    return Optional.of(pending.toByteArray());
                }
                pending.write(b);
            }
            return Optional.empty();
        }

        private IllegalStateException damaged(String why) {
            return new IllegalStateException("the simulated wallet's journal " + file + " cannot be read: " + why);
        }

        @Override
        public void close() {
            closeQuietly(in);
        }

        private static void closeQuietly(InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // read only: nothing was lost
            }
        }
    }

    // ---------------------------------------------------------------- the JSON shape

    private static byte[] encode(Change change) {
        Line line;
        String hash = change.paymentHash().hex();
        if (change instanceof Change.InvoiceIssued issued) {
            IssuedInvoice i = issued.invoice();
            line = new Line("invoice", "PENDING", hash, i.bolt11(), i.amount().msat(), i.expiresAt().toString(),
                    i.preimage().hex(), null, null, null, null, null);
        } else if (change instanceof Change.InvoicePaid paid) {
            line = new Line("invoice", "PAID", hash, null, null, null, null, null, null, null, paid.at().toString(),
                    paid.balanceAfter().msat());
        } else if (change instanceof Change.PaymentSettled settled) {
            OutgoingPayment.Settled s = settled.payment();
            line = new Line("payment", "SUCCEEDED", hash, null, s.amount().msat(), null,
                    s.preimage().map(Preimage::hex).orElse(null), s.fee().msat(), null, null, s.at().toString(),
                    settled.balanceAfter().msat());
        } else {
            OutgoingPayment.Refused r = ((Change.PaymentRefused) change).payment();
            line = new Line("payment", "FAILED", hash, null, null, null, null, null, r.reason().name(), r.message(),
                    r.at().toString(), null);
        }
        try {
            byte[] json = JSON.writeValueAsBytes(line);
            byte[] withNewline = Arrays.copyOf(json, json.length + 1);
            withNewline[json.length] = '\n';
            return withNewline;
        } catch (IOException e) {
            // records of strings and numbers always serialise
            throw new IllegalStateException("cannot encode " + change, e);
        }
    }

    private static Change decode(Line line) {
        PaymentHash hash = PaymentHash.fromHex(required(line.paymentHash(), "paymentHash"));
        String kind = required(line.event(), "event") + " " + required(line.status(), "status");
        switch (kind) {
            case "invoice PENDING":
                return new Change.InvoiceIssued(new IssuedInvoice(hash, required(line.bolt11(), "bolt11"),
                        MilliSatoshi.of(required(line.amountMsat(), "amountMsat")),
                        Instant.parse(required(line.expiresAt(), "expiresAt")),
                        Preimage.fromHex(required(line.preimage(), "preimage")), Optional.empty()));
            case "invoice PAID":
                return new Change.InvoicePaid(hash, Instant.parse(required(line.at(), "at")),
                        MilliSatoshi.of(required(line.balanceMsat(), "balanceMsat")));
            case "payment SUCCEEDED":
                return new Change.PaymentSettled(hash, new OutgoingPayment.Settled(
                        MilliSatoshi.of(required(line.amountMsat(), "amountMsat")),
                        MilliSatoshi.of(required(line.feeMsat(), "feeMsat")),
                        Optional.ofNullable(line.preimage()).map(Preimage::fromHex),
                        Instant.parse(required(line.at(), "at"))),
                        MilliSatoshi.of(required(line.balanceMsat(), "balanceMsat")));
            case "payment FAILED":
                return new Change.PaymentRefused(hash, new OutgoingPayment.Refused(
                        PaymentFailure.valueOf(required(line.reason(), "reason")), required(line.message(), "message"),
                        Instant.parse(required(line.at(), "at"))));
            default:
                throw new IllegalArgumentException("no change is called " + kind);
        }
    }

    private static <T> T required(T value, String field) {
        return Objects.requireNonNull(value, () -> "the change has no " + field);
    }
}
