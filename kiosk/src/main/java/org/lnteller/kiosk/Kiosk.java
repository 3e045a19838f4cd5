package org.lnteller.kiosk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.validator.BillEvent;
import org.lnteller.ports.validator.BillValidatorException;
import org.lnteller.ports.validator.BillValidatorListener;
import org.lnteller.ports.validator.EscrowDecision;

/**
 * One cash-in at the machine, on a line-based terminal: the customer's destination is scanned
 * (typed or pasted), probed and priced; the acceptor takes notes up to the limit; every counted
 * note is posted; {@code send} asks the server to pay and shows the outcome. The acceptor is
 * inhibited and closed at the end, whatever happens.
 *
 * <p>Two threads feed one queue that the session's thread works through: stdin's lines and the
 * acceptor's events. Escrow decisions are the exception: the driver needs them at once, so
 * {@link Tally} makes them on the driver's thread.
 */
public final class Kiosk {
    /** Process exit codes, as the CLI's: 0 paid or cancelled before any note, 1 anything else. */
    static final int OK = 0;

    static final int NOT_PAID = 1;

    /**
     * @param currency the notes' currency; empty: the server's default (its first rate)
     * @param maxSats this machine's own limit per transaction, under the server's
     */
    public record Options(Optional<Currency> currency, OptionalLong maxSats) {
        public Options {
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(maxSats, "maxSats");
            if (maxSats.isPresent() && maxSats.getAsLong() < 1)
                throw new IllegalArgumentException("--max-sats must be positive");
        }
    }

    /** What the session's thread waits for. */
    private sealed interface Input {
        /**
         * One function per case.
         * Exhaustive: a new case adds a parameter, so no caller compiles until it handles it.
         */
        <R> R fold(
                Function<? super Line, ? extends R> line,
                Function<? super Event, ? extends R> event,
                Function<? super Notice, ? extends R> notice,
                Function<? super EndOfInput, ? extends R> endOfInput);

        default boolean isEndOfInput() {
            return fold(line -> false, event -> false, notice -> false, end -> true);
        }

        /** The text of a line the customer typed; empty for any other input. */
        default Optional<String> line() {
            return fold(
                    line -> Optional.of(line.text()),
                    event -> Optional.empty(),
                    notice -> Optional.empty(),
                    end -> Optional.empty());
        }

        record Line(String text) implements Input {
            @Override
            public <R> R fold(
                    Function<? super Line, ? extends R> line,
                    Function<? super Event, ? extends R> event,
                    Function<? super Notice, ? extends R> notice,
                    Function<? super EndOfInput, ? extends R> endOfInput) {
                return line.apply(this);
            }
        }

        record Event(BillEvent event) implements Input {
            @Override
            public <R> R fold(
                    Function<? super Line, ? extends R> line,
                    Function<? super Event, ? extends R> event,
                    Function<? super Notice, ? extends R> notice,
                    Function<? super EndOfInput, ? extends R> endOfInput) {
                return event.apply(this);
            }
        }

        record Notice(String text) implements Input {
            @Override
            public <R> R fold(
                    Function<? super Line, ? extends R> line,
                    Function<? super Event, ? extends R> event,
                    Function<? super Notice, ? extends R> notice,
                    Function<? super EndOfInput, ? extends R> endOfInput) {
                return notice.apply(this);
            }
        }

        record EndOfInput() implements Input {
            @Override
            public <R> R fold(
                    Function<? super Line, ? extends R> line,
                    Function<? super Event, ? extends R> event,
                    Function<? super Notice, ? extends R> notice,
                    Function<? super EndOfInput, ? extends R> endOfInput) {
                return endOfInput.apply(this);
            }
        }
    }

    /** A destination the server can pay: its probe's routable maximum and balance, and an invoice's own amount. */
    private record Destination(String address, long maxRoutableSats, long maxByBalanceSats, OptionalLong invoiceSats) {}

    private final MachineCredentials credentials;
    private final Acceptor acceptor;
    private final Options options;
    private final KioskTiming timing;
    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;
    private final MachineClient server;
    private final Function<String, OptionalLong> invoiceSats;
    private final BlockingQueue<Input> inputs = new LinkedBlockingQueue<>();

    /**
     * @param invoiceSats the whole sats a destination names when it is a BOLT #11 invoice with an amount,
     *                    empty for anything else (an amount-less invoice, an address, text it cannot read);
     *                    never throws. The app reads it with the one BOLT #11 decoder, which the kiosk may not use.
     */
    public Kiosk(
            MachineCredentials credentials,
            Acceptor acceptor,
            Options options,
            KioskTiming timing,
            Function<String, OptionalLong> invoiceSats,
            InputStream stdin,
            PrintStream out,
            PrintStream err) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.acceptor = Objects.requireNonNull(acceptor, "acceptor");
        this.options = Objects.requireNonNull(options, "options");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.invoiceSats = Objects.requireNonNull(invoiceSats, "invoiceSats");
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.server = new MachineClient(credentials, timing, http, this::say);
    }

    /** Serves one customer; returns 0 when paid or cancelled before any note was taken, 1 otherwise. */
    public int run() {
        startReading();
        // Ctrl-C or a SIGTERM must not leave the acceptor taking notes nobody will count
        Thread onSignal = new Thread(this::stopAcceptor, "kiosk-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            return serve();
        } finally {
            stopAcceptor();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it stopped the acceptor
            }
        }
    }

    /** Inhibits first, so no note is drawn in while the driver winds down; then closes. Idempotent. */
    private void stopAcceptor() {
        acceptor.validator().disable();
        acceptor.close();
    }

    private int serve() {
        say("lnteller kiosk: server " + credentials.server()
                + credentials.appId().map(id -> ", machine " + id).orElse(""));
        // the connection and the token are checked before a customer is served
        if (quote().isEmpty()) return NOT_PAID;
        Optional<Destination> destination = askDestination();
        if (destination.isEmpty()) {
            say("Cancelled: no notes were taken.");
            return OK;
        }
        // priced now, when the customer starts: this quote holds for the whole transaction
        Optional<PriceOffer> priced = quote();
        if (priced.isEmpty()) return NOT_PAID;
        PriceOffer quote = priced.get();
        OptionalLong limit = limit(destination.get(), quote);
        if (limit.isEmpty()) return NOT_PAID;

        Tally tally = new Tally(quote, limit.getAsLong());
        CashIn tx = new CashIn(UUID.randomUUID().toString(), destination.get().address(), quote);
        say("Starting the bill acceptor...");
        try {
            acceptor.validator().start(listener(tally));
        } catch (BillValidatorException e) {
            err.println("error: the bill acceptor cannot be used: " + e.getMessage());
            return NOT_PAID;
        }
        return takeNotes(tx, tally, quote);
    }

    // ---------------------------------------------------------------- before the notes

    /** The rate of the kiosk's currency, or empty after saying why there is none. */
    private Optional<PriceOffer> quote() {
        MachineClient.Reply reply;
        try {
            reply = server.rates();
        } catch (MachineClient.Unreachable e) {
            err.println("error: cannot reach the server: " + e.getMessage());
            return Optional.empty();
        }
        if (reply.status() == 401 || reply.status() == 403) {
            err.println("error: the server refused this machine's token (HTTP " + reply.status() + "): " + reply.error()
                    + "; check LNTELLER_APP_TOKEN in the .env");
            return Optional.empty();
        }
        if (reply.status() != 200) {
            err.println("error: GET /rates answered HTTP " + reply.status() + ": " + reply.error());
            return Optional.empty();
        }
        List<PriceOffer> quotes;
        try {
            quotes = PriceOffer.parse(reply.body());
        } catch (IllegalArgumentException e) {
            err.println("error: GET /rates: " + e.getMessage());
            return Optional.empty();
        }
        Optional<PriceOffer> chosen = options.currency().isPresent()
                ? quotes.stream()
                        .filter(q -> q.currency().equals(options.currency().get()))
                        .findFirst()
                : quotes.stream().findFirst();
        if (chosen.isEmpty()) {
            err.println("error: the server quotes no "
                    + options.currency().map(Currency::getCurrencyCode).orElse("currency") + " (it quotes "
                    + quotes.stream().map(q -> q.currency().getCurrencyCode()).collect(Collectors.joining(", ")) + ")");
        }
        return chosen;
    }

    private Optional<Destination> askDestination() {
        while (true) {
            say(
                    "Scan the customer's Lightning invoice, LNURL or Lightning address (paste the QR code's text), or type cancel:");
            Input input = next();
            if (input.isEndOfInput()) return Optional.empty();
            Optional<String> line = input.line();
            if (line.isEmpty()) continue;
            String text = line.get().strip();
            String word = text.toLowerCase(Locale.ROOT);
            if (text.isEmpty()) continue;
            if (word.equals("cancel")) return Optional.empty();
            if (word.equals("help")) {
                help();
                continue;
            }
            if (word.equals("send") || word.startsWith("insert")) {
                say("First scan where the sats go.");
                continue;
            }
            Optional<Destination> probed = probe(text);
            if (probed.isPresent()) return probed;
        }
    }

    /** Probes {@code address}; empty after telling the customer why it cannot be used. */
    private Optional<Destination> probe(String address) {
        say("Checking the destination...");
        MachineClient.Reply reply;
        try {
            reply = server.probe(address);
        } catch (MachineClient.Unreachable e) {
            say("The server cannot be reached to check it (" + e.getMessage() + "). Scan again, or type cancel.");
            return Optional.empty();
        }
        if (reply.status() != 200 || reply.body() == null) {
            say("Refused: " + reply.error() + " Scan another destination.");
            return Optional.empty();
        }
        JsonNode body = reply.body();
        List<String> routable = new ArrayList<>();
        List<String> unroutable = new ArrayList<>();
        long maxRoutable = 0;
        for (JsonNode limit : body.path("limits")) {
            long sats = limit.path("sats").asLong();
            if (limit.path("routable").asBoolean()) {
                maxRoutable = Math.max(maxRoutable, sats);
                routable.add(sats + " sats"
                        + (limit.hasNonNull("feeSats")
                                ? " (fee " + limit.get("feeSats").asLong() + " sats)"
                                : ""));
            } else {
                unroutable.add(sats + " sats (" + limit.path("reason").asText("no reason given") + ")");
            }
        }
        if (routable.isEmpty()) {
            say("Refused: no amount can be paid to this destination now: " + String.join("; ", unroutable)
                    + ". Scan another destination.");
            return Optional.empty();
        }
        say("Routable: " + String.join(", ", routable)
                + (unroutable.isEmpty() ? "" : "; not routable: " + String.join("; ", unroutable)) + ".");
        return Optional.of(new Destination(
                address,
                maxRoutable,
                body.path("maxByBalanceSats").asLong(0),
                // an invoice that names its amount must be paid exactly that: no more can be taken
                invoiceSats.apply(address)));
    }

    /** The most this transaction may pay, and what sets it; empty after saying nothing can be paid. */
    private OptionalLong limit(Destination destination, PriceOffer quote) {
        Map<String, Long> bounds = new LinkedHashMap<>();
        bounds.put("the largest routable amount", destination.maxRoutableSats());
        bounds.put("the operator's wallet balance", destination.maxByBalanceSats());
        bounds.put("the server's limit per transaction", quote.maxPerTxSats());
        options.maxSats().ifPresent(max -> bounds.put("this machine's --max-sats", max));
        destination.invoiceSats().ifPresent(sats -> bounds.put("the invoice's own amount", sats));
        Map.Entry<String, Long> lowest =
                bounds.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
        long limit = lowest.getValue();
        String code = quote.currency().getCurrencyCode();
        say("Price: 1 BTC = " + Notes.plain(quote.cashInPrice()) + " " + code + " (cash-in, "
                + Notes.plain(quote.commissionPercentage()) + " % commission included).");
        if (limit <= 0) {
            say("This machine cannot pay now: " + lowest.getKey() + " is 0 sats. Please ask the operator.");
            return OptionalLong.empty();
        }
        say("Limit: up to " + limit + " sats (" + quote.fiatFor(limit).toPlainString() + " " + code + "), set by "
                + lowest.getKey() + ".");
        destination
                .invoiceSats()
                .ifPresent(sats -> say("The invoice asks for exactly " + sats
                        + " sats: the notes must come to that, or the server will refuse to pay it."));
        return OptionalLong.of(limit);
    }

    // ---------------------------------------------------------------- the notes

    private BillValidatorListener listener(Tally tally) {
        return new BillValidatorListener() {
            @Override
            public EscrowDecision onEscrow(FiatAmount note) {
                Tally.Decision decision = tally.decide(note);
                decision.why().ifPresent(why -> inputs.add(new Input.Notice(why)));
                return decision.decision();
            }

            @Override
            public void onEvent(BillEvent event) {
                boolean enable = event.fold(
                        // the acceptor comes up inhibited after every (re)start
                        ready -> tally.isOpen(),
                        escrowed -> false,
                        stacked -> {
                            tally.stacked(stacked.note());
                            return false;
                        },
                        returned -> {
                            tally.returned(returned.note());
                            return false;
                        },
                        rejected -> false,
                        fault -> false,
                        disconnected -> false);
                if (enable) acceptor.validator().enable();
                inputs.add(new Input.Event(event));
            }
        };
    }

    private int takeNotes(CashIn tx, Tally tally, PriceOffer quote) {
        NoteTaking taking = new NoteTaking(tx, tally, quote);
        while (true) {
            Input input;
            if (taking.sendBy != 0) {
                input = poll(taking.sendBy - System.nanoTime());
                if (input == null) {
                    say("The note being stacked was not counted in time; sending what was counted.");
                    taking.sendBy = 0;
                    OptionalInt done = send(tx);
                    if (done.isPresent()) return done.getAsInt();
                    continue;
                }
            } else {
                input = next();
            }
            OptionalInt done = input.fold(taking::line, taking::event, taking::notice, taking::endOfInput);
            if (done.isPresent()) return done.getAsInt();
        }
    }

    /** One cash-in's note taking: each input handled, and the exit code once it is over. */
    private final class NoteTaking {
        private final CashIn tx;
        private final Tally tally;
        private final PriceOffer quote;
        private boolean readyShown;
        /** nanoTime by which a send waiting for a note goes ahead; 0: no send is waiting. */
        private long sendBy;

        NoteTaking(CashIn tx, Tally tally, PriceOffer quote) {
            this.tx = tx;
            this.tally = tally;
            this.quote = quote;
        }

        OptionalInt notice(Input.Notice notice) {
            say(notice.text());
            return OptionalInt.empty();
        }

        OptionalInt event(Input.Event e) {
            Optional<String> words = e.event()
                    .fold(
                            ready -> {
                                if (readyShown) return Optional.of("The bill acceptor is back.");
                                readyShown = true;
                                showNotes(ready, quote);
                                return Optional.empty();
                            },
                            // the listener decides on a held note; the escrow itself needs no word
                            escrowed -> Optional.empty(),
                            stacked -> {
                                counted(tx, tally, stacked.note());
                                return Optional.empty();
                            },
                            returned -> Optional.of("Please take back your " + Notes.show(returned.note()) + " note."),
                            rejected -> Optional.of("The acceptor refused that note (" + rejected.reason()
                                    + "). Try it again, or another note."),
                            fault -> Optional.of("The bill acceptor reports a fault: " + fault.kind()
                                    + (fault.detail().isBlank() ? "" : " (" + fault.detail() + ")")
                                    + ". Please call the operator."),
                            disconnected -> Optional.of("The bill acceptor stopped answering (" + disconnected.cause()
                                    + "); reconnecting..."));
            words.ifPresent(Kiosk.this::say);
            if (sendBy != 0 && tally.onTheirWay() == 0) {
                sendBy = 0;
                return send(tx);
            }
            return OptionalInt.empty();
        }

        OptionalInt endOfInput(Input.EndOfInput end) {
            if (!tx.hasBills() && tally.onTheirWay() == 0) {
                say("Input ended: cancelled, no notes were taken.");
                return OptionalInt.of(OK);
            }
            say("Input ended with " + tx.showFiat() + " taken and not sent: transaction " + tx.id()
                    + " stays open on the server for the operator.");
            return OptionalInt.of(NOT_PAID);
        }

        OptionalInt line(Input.Line line) {
            String[] words = line.text().strip().split("\\s+");
            String command = words[0].toLowerCase(Locale.ROOT);
            if (command.isEmpty()) return OptionalInt.empty();
            switch (command) {
                case "insert" -> insert(words, tally);
                case "send" -> {
                    if (sendBy != 0) {
                        say("Already sending: waiting for the note being stacked.");
                    } else if (!tx.hasBills() && tally.onTheirWay() == 0) {
                        say("Insert at least one note before typing send.");
                    } else if (tx.fiat().compareTo(quote.minimumTx()) < 0 && tally.onTheirWay() == 0) {
                        say("The minimum is " + Notes.plain(quote.minimumTx()) + " "
                                + quote.currency().getCurrencyCode() + "; insert more notes.");
                    } else {
                        tally.close();
                        acceptor.validator().disable();
                        if (tally.onTheirWay() > 0) {
                            say("Waiting for the note being stacked...");
                            sendBy = System.nanoTime() + timing.stackWait().toNanos();
                        } else {
                            OptionalInt done = send(tx);
                            if (done.isPresent()) return done;
                        }
                    }
                }
                case "cancel" -> {
                    if (tx.hasBills()) {
                        say("Cancel is not possible: " + tx.showFiat()
                                + " is in the cash box. Type send to receive the sats.");
                    } else if (tally.onTheirWay() > 0) {
                        say("A note is being stacked; wait until it is counted, then type send.");
                    } else {
                        tally.close();
                        acceptor.validator().disable();
                        say("Cancelled: no notes were taken.");
                        return OptionalInt.of(OK);
                    }
                }
                case "help" -> help();
                default -> {
                    say("Unknown command '" + line.text().strip() + "'.");
                    help();
                }
            }
            return OptionalInt.empty();
        }
    }

    private void showNotes(BillEvent.Ready ready, PriceOffer quote) {
        List<String> notes = ready.acceptedNotes().stream()
                .filter(n -> n.currency().equals(quote.currency()))
                .map(n -> Notes.show(n) + " = " + quote.satsFor(n.toMajor()) + " sats")
                .toList();
        if (notes.isEmpty()) {
            say("The bill acceptor takes no " + quote.currency().getCurrencyCode()
                    + " notes: every note will be returned.");
        } else {
            say("Bill acceptor ready. Sats per note: " + String.join(", ", notes) + ".");
        }
        say("Insert notes, then type send. "
                + (acceptor.slot().isPresent() ? "(simulated acceptor: insert <value>) " : "")
                + "Type help for the commands.");
    }

    private void insert(String[] words, Tally tally) {
        if (words.length != 2) {
            say("Usage: insert <note value>, e.g. insert 20 (or insert reject, insert jam).");
        } else if (acceptor.slot().isEmpty()) {
            say("This is a real bill acceptor: put the note into its slot.");
        } else if (!tally.isOpen()) {
            say("The transaction is being sent: no more notes.");
        } else {
            try {
                acceptor.slot().get().present(words[1]);
            } catch (IllegalArgumentException e) {
                say("The simulated acceptor cannot present '" + words[1] + "': " + e.getMessage());
            }
        }
    }

    /** A note reached the cash box: count it and post the whole tx. */
    private void counted(CashIn tx, Tally tally, FiatAmount note) {
        if (tx.sendRequested()) {
            // only after a send that had to go ahead without it (stackWait): it cannot join a tx being paid
            say("A " + Notes.show(note)
                    + " note was stacked after the payment was requested: the operator must refund it"
                    + " (transaction " + tx.id() + ").");
            return;
        }
        if (!note.currency().equals(tx.currency())) {
            say("A " + Notes.show(note)
                    + " note was stacked, but this transaction is in another currency: the operator must refund it.");
            return;
        }
        tx.stack(note);
        String counted = "Counted " + Notes.show(note) + ". Total: " + tx.showFiat() + " = " + tx.sats() + " sats";
        try {
            MachineClient.Reply reply = server.postTx(tx.body());
            if (reply.status() == 200) {
                say(counted + " (limit " + tally.limitSats() + " sats). Insert more, or type send.");
            } else {
                say(counted + ". The server did not take the update (HTTP " + reply.status() + ": " + reply.error()
                        + "); the note goes with the next one.");
            }
        } catch (MachineClient.Unreachable e) {
            say(counted + ". The server did not answer (" + e.getMessage() + "); the note goes with the next update.");
        }
    }

    // ---------------------------------------------------------------- the payment

    /** Posts {@code send: true}; empty when the server did not answer (the customer may type send again). */
    private OptionalInt send(CashIn tx) {
        if (!tx.hasBills()) {
            // only when a note on its way never arrived (stackWait): there is nothing to pay for
            say("No note was counted, so there is nothing to send. Please call the operator if a note was taken.");
            return OptionalInt.of(NOT_PAID);
        }
        tx.requestSend();
        say("Sending " + tx.sats() + " sats for " + tx.showFiat() + "...");
        MachineClient.Reply reply;
        try {
            reply = server.postTx(tx.body());
        } catch (MachineClient.Unreachable e) {
            say("The server did not answer (" + e.getMessage() + "). Type send to try again; transaction " + tx.id()
                    + ".");
            return OptionalInt.empty();
        }
        if (reply.status() == 570) {
            say("Not paid: the operator's wallet cannot pay this now (insufficient funds: " + reply.error() + "). "
                    + refund(tx));
            return OptionalInt.of(NOT_PAID);
        }
        if (reply.status() == 204) {
            // no answer yet: the payment is in flight (a Lamassu machine would re-post); follow it
            return OptionalInt.of(
                    settle(tx, JsonNodeFactory.instance.objectNode().put("status", "authorized")));
        }
        if (reply.status() != 200 || reply.body() == null) {
            say("Not paid: the server refused (HTTP " + reply.status() + "): " + reply.error() + " " + refund(tx));
            return OptionalInt.of(NOT_PAID);
        }
        return OptionalInt.of(settle(tx, reply.body()));
    }

    /** Follows the tx from the send's answer to confirmed or failed, polling a payment in flight for a bounded time. */
    private int settle(CashIn tx, JsonNode answer) {
        JsonNode current = answer;
        long deadline = System.nanoTime() + timing.pollLimit().toNanos();
        boolean inFlightShown = false;
        while (true) {
            String status = current.path("status").asText("");
            switch (status) {
                case "confirmed" -> {
                    JsonNode fee = current.path("fee");
                    say("Paid: " + current.path("cryptoAtoms").asText(Long.toString(tx.sats()))
                            + " sats sent to the customer"
                            + (fee.isNumber() ? " (routing fee " + fee.asLong() + " sats, paid by the operator)" : "")
                            + ". Transaction " + tx.id() + ". Thank you!");
                    return OK;
                }
                case "failed" -> {
                    say("Not paid: the payment failed: " + current.path("error").asText("no reason given")
                            + (current.hasNonNull("errorCode")
                                    ? " (" + current.get("errorCode").asText() + ")"
                                    : "") + ". " + refund(tx));
                    return NOT_PAID;
                }
                case "authorized", "pending" -> {
                    if (!inFlightShown) {
                        inFlightShown = true;
                        say("Payment in flight...");
                    }
                }
                default -> {
                    say("Not paid: the server reports the transaction as '" + status + "'. " + refund(tx));
                    return NOT_PAID;
                }
            }
            if (System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
                say("The payment is still in flight after " + timing.pollLimit().toSeconds()
                        + " s; the server will finish it." + " Transaction " + tx.id()
                        + ": ask the operator if the sats do not arrive.");
                return NOT_PAID;
            }
            sleep(timing.pollInterval());
            try {
                MachineClient.Reply reply = server.transaction(tx.id(), status);
                if (reply.status() == 200 && reply.body() != null) {
                    current = reply.body();
                } else if (reply.status() != 304) {
                    say("Asking about the payment: HTTP " + reply.status() + ": " + reply.error());
                }
            } catch (MachineClient.Unreachable e) {
                // the deadline bounds how long an unreachable server is asked
            }
        }
    }

    private static String refund(CashIn tx) {
        return "The " + tx.showFiat() + " are recorded in transaction " + tx.id() + "; the operator can refund them.";
    }

    // ---------------------------------------------------------------- the terminal

    private void help() {
        say("Commands (one per line):");
        if (acceptor.slot().isPresent()) {
            say(
                    "  insert <value>  present a note to the simulated acceptor, e.g. insert 20 (also: insert reject, insert jam)");
        }
        say("  send            pay the customer for the notes counted so far");
        say("  cancel          stop without paying; only before the first note is counted");
        say("  help            this list");
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private void startReading() {
        Thread reader = new Thread(
                () -> {
                    BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
                    try {
                        for (String line = lines.readLine(); line != null; line = lines.readLine())
                            inputs.add(new Input.Line(line));
                    } catch (IOException e) {
                        // a broken terminal ends the input like a closed one
                    }
                    inputs.add(new Input.EndOfInput());
                },
                "kiosk-stdin");
        reader.setDaemon(true);
        reader.start();
    }

    private Input next() {
        try {
            return inputs.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Input.EndOfInput();
        }
    }

    private Input poll(long nanos) {
        try {
            return inputs.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Input.EndOfInput();
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
