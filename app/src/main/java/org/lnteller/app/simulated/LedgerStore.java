package org.lnteller.app.simulated;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.app.simulated.LedgerFile.Snapshot;
import org.lnteller.app.simulated.LedgerJournal.Reader;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.codec.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the ledger from its two files: the snapshot ({@link LedgerFile}, rewritten only when the
 * journal is compacted) and the journal ({@link LedgerJournal}, appended to on every change).
 *
 * <p>Which file is the starting point is decided by generations. A version 2 snapshot names its
 * generation; a version 1 snapshot (written before the journal existed) and no snapshot at all are
 * generation 0; the journal's header names the generation it continues. On open:
 * <ul>
 *   <li>journal generation = snapshot generation: the snapshot (or, without one, an empty ledger
 *       with the header's balance) plus every change in the journal;</li>
 *   <li>journal generation &lt; snapshot generation: a compaction stopped after writing the
 *       snapshot; everything in the journal is already in it, so the journal is ignored and
 *       replaced;</li>
 *   <li>anything else (a journal ahead of its snapshot, a snapshot of generation 1 or later with
 *       no journal, a journal of generation 1 or later with no snapshot) cannot come from a crash
 *       and is refused.</li>
 * </ul>
 *
 * <p>Compaction writes the whole ledger as snapshot generation g + 1 (atomically), then replaces
 * the journal, atomically too, with an empty one of generation g + 1. A crash before the first
 * rename leaves generation g as it was; between the two renames, a snapshot that is ahead of its
 * journal, which the rule above resolves; after the second, the new pair. The journal file exists
 * before any version 2 snapshot is written and is only ever replaced, never deleted, so a missing
 * journal beside a version 2 snapshot is damage, not a crash. ({@code writeAtomically} syncs the
 * folder after each rename, so the two renames reach the disk in that order.)
 */
final class LedgerStore {
    private static final Logger log = LoggerFactory.getLogger(LedgerStore.class);

    /**
     * How the journal is kept.
     *
     * @param maxChanges past this many changes, or
     * @param maxBytes   this many bytes, replaying the journal on open is worth a fresh snapshot
     * @param opener     opens the journal to append to
     */
    record Options(long maxChanges, long maxBytes, LedgerJournal.Opener opener) {
        static final Options DEFAULT = new Options(10_000, 4L * 1024 * 1024, LedgerJournal.Opener.FILE);

        Options {
            Objects.requireNonNull(opener, "opener");
        }
    }

    /** The ledger as of the last change, and the journal to record the next one in. */
    record Opened(Ledger ledger, LedgerJournal journal) {}

    private LedgerStore() {}

    /**
     * @throws java.io.UncheckedIOException when a file cannot be read or written
     * @throws IllegalStateException         when the files are damaged, do not belong together, or
     *                                       hold a ledger of a network other than {@code network}
     */
    static Opened open(Path snapshotFile, Path journalFile, Network network, MilliSatoshi startingBalance,
                       Options options) {
        LedgerFile snapshots = new LedgerFile(snapshotFile);
        Optional<Snapshot> snapshot = snapshots.load();
        snapshot.ifPresent(s -> requireNetwork(s.ledger().network(), network, snapshotFile));
        Optional<Reader> opened = Reader.open(journalFile);
        if (opened.isEmpty()) {
            if (snapshot.isEmpty()) {
                // a new wallet: an empty ledger is the header's balance and nothing else
                long length = LedgerJournal.create(journalFile, network, 0, startingBalance);
                log.info("Created the simulated wallet's journal {}", journalFile);
                return new Opened(Ledger.fresh(network, startingBalance), LedgerJournal.openForAppend(journalFile, length, options.opener()));
            }
            if (snapshot.get().generation() != 0) {
                throw new IllegalStateException("the simulated wallet's journal " + journalFile + " is missing: the ledger "
                        + snapshotFile + " is only its starting point, without the changes made since");
            }
            // a ledger written before the journal existed: give it an (empty) journal before the
            // snapshot is rewritten as version 2, so that the journal is never missing beside one
            Ledger ledger = snapshot.get().ledger();
            LedgerJournal.create(journalFile, network, 0, ledger.balance());
            log.info("Moving the simulated wallet's ledger {} to a journal in {}", snapshotFile, journalFile);
            return compact(snapshots, journalFile, options, ledger, 0);
        }
        try (Reader journal = opened.get()) {
            requireNetwork(journal.network(), network, journalFile);
            long journalGeneration = journal.header().generation();
            long snapshotGeneration = snapshot.map(Snapshot::generation).orElse(0L);
            if (journalGeneration > snapshotGeneration || (snapshot.isEmpty() && journalGeneration != 0)) {
                throw new IllegalStateException("the simulated wallet's journal " + journalFile + " continues generation "
                        + journalGeneration + " of the ledger, but " + snapshotFile + " is "
                        + snapshot.map(s -> "generation " + s.generation()).orElse("missing")
                        + ": they do not belong together");
            }
            Ledger ledger = snapshot.map(Snapshot::ledger)
                    .orElseGet(() -> Ledger.fresh(network, MilliSatoshi.of(journal.header().balanceMsat())));
            if (journalGeneration < snapshotGeneration) {
                log.warn("The simulated wallet's journal {} predates its ledger {} (a compaction was interrupted); "
                        + "its changes are in the ledger already", journalFile, snapshotFile);
                return compact(snapshots, journalFile, options, ledger, snapshotGeneration);
            }
            if (journal.header().balanceMsat() != ledger.balance().msat()) {
                throw new IllegalStateException("the simulated wallet's journal " + journalFile + " starts from a balance of "
                        + journal.header().balanceMsat() + " msat, but " + snapshotFile + " holds "
                        + ledger.balance().msat() + " msat: they do not belong together");
            }
            Reader.Replayed replayed = journal.replayInto(ledger);
            if (replayed.tornBytes() > 0) {
                log.warn("The last change in the simulated wallet's journal {} was cut off by a crash while it was "
                        + "written ({} bytes); it was never confirmed and is dropped", journalFile, replayed.tornBytes());
            }
            if (snapshotGeneration == 0 && snapshot.isPresent()) {
                // a version 1 snapshot whose move to the journal was interrupted: finish it
                return compact(snapshots, journalFile, options, ledger, 0);
            }
            long bytes = replayed.validLength() + replayed.tornBytes();
            if (replayed.changes() > options.maxChanges() || bytes > options.maxBytes()) {
                log.info("Compacting the simulated wallet's journal {}: {} changes, {} bytes", journalFile,
                        replayed.changes(), bytes);
                return compact(snapshots, journalFile, options, ledger, snapshotGeneration);
            }
            return new Opened(ledger, LedgerJournal.openForAppend(journalFile, replayed.validLength(), options.opener()));
        }
    }

    /** Snapshot first, then the journal: see the class comment for why this order survives a crash. */
    private static Opened compact(LedgerFile snapshots, Path journalFile, Options options, Ledger ledger, long generation) {
        long next = generation + 1;
        snapshots.save(ledger, next);
        long length = LedgerJournal.create(journalFile, ledger.network(), next, ledger.balance());
        return new Opened(ledger, LedgerJournal.openForAppend(journalFile, length, options.opener()));
    }

    private static void requireNetwork(Network stored, Network wanted, Path file) {
        if (stored != wanted) {
            throw new IllegalStateException("the simulated wallet in " + file.toAbsolutePath().getParent() + " is on "
                    + name(stored) + ", not " + name(wanted) + ": its invoices are for that network; use another data folder");
        }
    }

    private static String name(Network network) {
        return network.name().toLowerCase(Locale.ROOT);
    }
}
