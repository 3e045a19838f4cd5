package org.lnteller.adapter.rates;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.lnteller.ports.model.ExchangeRate;
import org.lnteller.ports.rates.ExchangeRates;
import org.lnteller.ports.rates.UnableToFetchRate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The median of several price sources, fetched in the background and served from memory, so that
 * machines polling {@code /rates} never cause a fetch.
 *
 * <p>Every {@link Settings#refreshEvery()} each source is asked for each configured currency, all
 * at once, each within {@link Settings#fetchTimeout()}. A source's last good answer is kept (one
 * per source and currency: the cache is bounded by the configuration) and used while it is fresh.
 * When a rate is asked for, the sources' answers are judged:
 * <ol>
 *   <li>an answer observed more than {@link Settings#maxAge()} ago is stale, one observed more than
 *       {@link Settings#clockSkew()} in the future is broken: both are dropped;</li>
 *   <li>an answer further than {@link Settings#maxDeviationPercent()} from the median of the fresh
 *       ones is divergent and dropped;</li>
 *   <li>the rate is the median of those kept, observed when the oldest of them was, provided they
 *       are more than half of the fresh answers (two sources that disagree cannot say which one
 *       lies: the quote is refused);</li>
 *   <li>no fresh answer, or no majority: {@link UnableToFetchRate}. An old price is never handed out.</li>
 * </ol>
 * A source dropped, and the refusal of a currency, are logged at WARN when they start (and at
 * INFO when they end), not on every refresh.
 *
 * <p>Threading: {@link #current} is safe for concurrent use and never blocks on the network;
 * {@link #start()} runs the refresh on a daemon thread of its own; {@link #close()} stops it.
 */
public final class MedianExchangeRates implements ExchangeRates, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MedianExchangeRates.class);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    /** A price source and the name it goes by in logs and in {@link ExchangeRate#source()}. */
    public record Source(String name, ExchangeRates rates) {
        public Source {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(rates, "rates");
            if (name.isBlank()) throw new IllegalArgumentException("a source needs a name");
        }
    }

    /**
     * @param currencies          the currencies fetched (and the only ones answered)
     * @param refreshEvery        the pause between two rounds of fetches; shorter than {@code maxAge}
     * @param maxAge              how old an answer may be and still count
     * @param maxDeviationPercent how far, in percent, an answer may be from the median and still count
     * @param fetchTimeout        how long one source is waited for in a round
     * @param clockSkew           how far in the future an answer's time may be (the source's clock
     *                            against ours) and still count
     */
    public record Settings(
            Set<Currency> currencies,
            Duration refreshEvery,
            Duration maxAge,
            BigDecimal maxDeviationPercent,
            Duration fetchTimeout,
            Duration clockSkew) {
        public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(30);
        public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(3);
        public static final BigDecimal DEFAULT_MAX_DEVIATION_PERCENT = BigDecimal.valueOf(2);
        public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(5);
        public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

        public Settings {
            currencies = Set.copyOf(new LinkedHashSet<>(Objects.requireNonNull(currencies, "currencies")));
            if (currencies.isEmpty()) throw new IllegalArgumentException("no currency to fetch");
            requirePositive(refreshEvery, "refreshEvery");
            requirePositive(maxAge, "maxAge");
            requirePositive(fetchTimeout, "fetchTimeout");
            Objects.requireNonNull(clockSkew, "clockSkew");
            if (clockSkew.isNegative()) throw new IllegalArgumentException("clockSkew must not be negative");
            if (refreshEvery.compareTo(maxAge) >= 0) {
                throw new IllegalArgumentException(
                        "the refresh interval (" + refreshEvery + ") must be shorter than the maximum age (" + maxAge
                                + "), or every rate goes stale before it is fetched again");
            }
            Objects.requireNonNull(maxDeviationPercent, "maxDeviationPercent");
            if (maxDeviationPercent.signum() <= 0)
                throw new IllegalArgumentException("maxDeviationPercent must be positive");
        }

        /** The defaults: every 30 s, at most 180 s old, within 2 % of the median, 5 s per fetch, 30 s of clock skew. */
        public static Settings defaults(Set<Currency> currencies) {
            return new Settings(
                    currencies,
                    DEFAULT_REFRESH,
                    DEFAULT_MAX_AGE,
                    DEFAULT_MAX_DEVIATION_PERCENT,
                    DEFAULT_FETCH_TIMEOUT,
                    DEFAULT_CLOCK_SKEW);
        }

        private static void requirePositive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private record Key(String source, Currency currency) {}

    /** A source's answer under the source's configured name. */
    private record Answer(String source, ExchangeRate rate) {}

    /** A source's answer that was dropped, and why; {@code kind} tells one reason from another for the logs. */
    private record Dropped(String source, String kind, String why) {}

    /** What the kept answers say: a rate, or why there is none, and the answers dropped on the way. */
    /** Either a rate or why there is none (the other null), and the sources left out. */
    private record Judgement(
            @Nullable ExchangeRate rate, @Nullable String refusal, List<Dropped> dropped) {}

    private final List<Source> sources;
    private final Settings settings;
    private final Clock clock;
    private final Map<Key, ExchangeRate> latest = new ConcurrentHashMap<>();
    private final Map<Key, String> lastFailure = new ConcurrentHashMap<>();
    private final Map<Key, Future<ExchangeRate>> inFlight = new ConcurrentHashMap<>();
    /** The last problem logged per source and currency ("" when it was fine), so a lasting problem is logged once. */
    private final Map<Key, String> logged = new ConcurrentHashMap<>();

    private final Map<Currency, Boolean> refusedLogged = new ConcurrentHashMap<>();
    private final Set<Currency> fetchedOnce = ConcurrentHashMap.newKeySet();
    private final ExecutorService fetchers;
    private final ScheduledExecutorService scheduler;
    private final Object roundLock = new Object();

    /**
     * Nothing is fetched until {@link #start()} or {@link #refreshNow()}.
     *
     * @param sources one or more, with distinct names
     * @param clock   judges the answers' age; the tickers that stamp answers on arrival use the same one
     */
    public MedianExchangeRates(List<Source> sources, Settings settings, Clock clock) {
        this.sources = List.copyOf(Objects.requireNonNull(sources, "sources"));
        if (this.sources.isEmpty()) throw new IllegalArgumentException("no price source");
        if (this.sources.stream().map(Source::name).distinct().count() != this.sources.size()) {
            throw new IllegalArgumentException("two sources share a name: "
                    + this.sources.stream().map(Source::name).toList());
        }
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        int fetches = this.sources.size() * settings.currencies().size();
        this.fetchers = Executors.newFixedThreadPool(Math.min(fetches, 16), daemon("exchange-rate-fetch"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("exchange-rates"));
    }

    /** Refreshes every {@link Settings#refreshEvery()} from now on, the first round at once. */
    // FutureReturnValueIgnored: the task catches and logs its own failures, and close() ends the schedule
    @SuppressWarnings("FutureReturnValueIgnored")
    public void start() {
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        refreshNow();
                    } catch (RuntimeException e) {
                        // a round that failed must not end the schedule; the next one tries again
                        LOG.warn("exchange rate refresh failed", e);
                    }
                },
                0,
                settings.refreshEvery().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * One round: asks every source for every currency, waits at most {@link Settings#fetchTimeout()}
     * (and a little), keeps the good answers and logs what changed. A source still busy with the
     * previous round's question is not asked again. Blocks for at most about the fetch timeout.
     */
    public void refreshNow() {
        synchronized (roundLock) {
            Map<Key, Future<ExchangeRate>> asked = new LinkedHashMap<>();
            for (Currency currency : settings.currencies()) {
                for (Source source : sources) {
                    Key key = new Key(source.name(), currency);
                    Future<ExchangeRate> previous = inFlight.get(key);
                    if (previous != null && !previous.isDone()) {
                        lastFailure.put(key, "still busy with the previous question");
                        continue;
                    }
                    Future<ExchangeRate> f =
                            fetchers.submit(() -> source.rates().current(currency));
                    inFlight.put(key, f);
                    asked.put(key, f);
                }
            }
            // The tickers time out by themselves; this bounds a source that does not (and a body that trickles).
            long deadline = System.nanoTime() + settings.fetchTimeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(250);
            asked.forEach((key, f) -> {
                try {
                    ExchangeRate rate = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (!rate.currency().equals(key.currency())) {
                        lastFailure.put(
                                key,
                                "answered a " + rate.currency() + " rate where " + key.currency() + " was asked for");
                    } else {
                        latest.put(key, rate);
                        lastFailure.remove(key);
                    }
                } catch (TimeoutException e) {
                    f.cancel(true);
                    lastFailure.put(
                            key, "no answer within " + settings.fetchTimeout().toMillis() + " ms");
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    lastFailure.put(
                            key, cause instanceof UnableToFetchRate ? cause.getMessage() : String.valueOf(cause));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    f.cancel(true);
                    lastFailure.put(key, "interrupted");
                }
            });
            for (Currency currency : settings.currencies()) {
                fetchedOnce.add(currency);
                logChanges(currency, judge(currency, clock.instant()));
            }
        }
    }

    /**
     * The median of the fresh answers for {@code fiat}, from memory: never fetches, never blocks on
     * the network.
     *
     * @throws UnableToFetchRate when {@code fiat} is not configured, when no source gave a fresh
     *                           answer, or when the fresh answers disagree
     */
    @Override
    public ExchangeRate current(Currency fiat) {
        Objects.requireNonNull(fiat, "fiat");
        String code = fiat.getCurrencyCode();
        if (!settings.currencies().contains(fiat)) {
            throw new UnableToFetchRate("no exchange rate is fetched for " + code + " (only for "
                    + settings.currencies().stream()
                            .map(Currency::getCurrencyCode)
                            .sorted()
                            .collect(Collectors.joining(","))
                    + ")");
        }
        if (!fetchedOnce.contains(fiat))
            throw new UnableToFetchRate("no " + code + " rate yet: the sources have not been asked yet");
        Judgement j = judge(fiat, clock.instant());
        if (j.rate() == null) throw new UnableToFetchRate(Objects.requireNonNull(j.refusal(), "refusal"));
        return j.rate();
    }

    private Judgement judge(Currency currency, Instant now) {
        List<Dropped> dropped = new ArrayList<>();
        List<Answer> fresh = new ArrayList<>();
        for (Source source : sources) {
            Key key = new Key(source.name(), currency);
            ExchangeRate answer = latest.get(key);
            String failure = lastFailure.get(key);
            if (answer == null) {
                dropped.add(new Dropped(source.name(), "unanswered", failure == null ? "no answer yet" : failure));
                continue;
            }
            Duration age = Duration.between(answer.observedAt(), now);
            if (age.compareTo(settings.maxAge()) > 0) {
                dropped.add(new Dropped(
                        source.name(),
                        "stale",
                        "stale: its last " + currency + " price "
                                + answer.fiatPerBtc().toPlainString()
                                + " was observed " + age.toSeconds() + " s ago, more than "
                                + settings.maxAge().toSeconds() + " s"
                                + (failure == null ? "" : " (now: " + failure + ")")));
                continue;
            }
            if (age.negated().compareTo(settings.clockSkew()) > 0) {
                dropped.add(new Dropped(
                        source.name(),
                        "future",
                        "its " + currency + " price is dated " + answer.observedAt() + ", "
                                + age.negated().toSeconds() + " s in the future"));
                continue;
            }
            if (failure != null) {
                // still fresh enough to count: said once so an operator sees the source is failing
                dropped.add(new Dropped(
                        source.name(),
                        "failing",
                        failure + "; its answer of " + age.toSeconds() + " s ago still counts until it is "
                                + settings.maxAge().toSeconds() + " s old"));
            }
            fresh.add(new Answer(source.name(), answer));
        }
        String code = currency.getCurrencyCode();
        if (fresh.isEmpty()) {
            return new Judgement(null, "no fresh " + code + " rate from any source: " + describe(dropped), dropped);
        }
        BigDecimal median =
                median(fresh.stream().map(a -> a.rate().fiatPerBtc()).toList());
        List<Answer> kept = new ArrayList<>();
        for (Answer answer : fresh) {
            BigDecimal deviation = answer.rate()
                    .fiatPerBtc()
                    .subtract(median)
                    .abs()
                    .multiply(HUNDRED)
                    .divide(median, MathContext.DECIMAL64);
            if (deviation.compareTo(settings.maxDeviationPercent()) > 0) {
                dropped.add(new Dropped(
                        answer.source(),
                        "divergent",
                        "its " + code + " price " + answer.rate().fiatPerBtc().toPlainString()
                                + " is "
                                + deviation.setScale(1, RoundingMode.HALF_UP).toPlainString() + " % from the median "
                                + median.toPlainString() + " (at most "
                                + settings.maxDeviationPercent().toPlainString() + " %)"));
            } else {
                kept.add(answer);
            }
        }
        if (kept.size() * 2 <= fresh.size()) {
            return new Judgement(
                    null,
                    "the " + code + " sources disagree by more than "
                            + settings.maxDeviationPercent().toPlainString() + " %, no majority to trust: "
                            + describe(dropped),
                    dropped);
        }
        BigDecimal rate = median(kept.stream().map(a -> a.rate().fiatPerBtc()).toList());
        Instant observed = kept.stream()
                .map(a -> a.rate().observedAt())
                .min(Comparator.naturalOrder())
                .orElseThrow();
        String source = kept.size() == 1
                ? kept.get(0).source()
                : "median of " + kept.stream().map(Answer::source).sorted().collect(Collectors.joining(","));
        return new Judgement(new ExchangeRate(currency, rate, source, observed), null, dropped);
    }

    /** The middle value, or the mean of the two middle ones (exact: halving a decimal always ends). */
    static BigDecimal median(List<BigDecimal> values) {
        List<BigDecimal> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        if (n == 0) throw new IllegalArgumentException("no value");
        return n % 2 == 1
                ? sorted.get(n / 2)
                : sorted.get(n / 2 - 1).add(sorted.get(n / 2)).divide(TWO).stripTrailingZeros();
    }

    private static String describe(List<Dropped> dropped) {
        return dropped.stream().map(d -> d.source() + ": " + d.why()).collect(Collectors.joining("; "));
    }

    private void logChanges(Currency currency, Judgement j) {
        for (Source source : sources) {
            Key key = new Key(source.name(), currency);
            // a source both failing (answer still fresh) and divergent is logged for what drops it
            Dropped d = j.dropped().stream()
                    .filter(x -> x.source().equals(source.name()))
                    .reduce((first, second) -> second)
                    .orElse(null);
            String before = logged.getOrDefault(key, "");
            String now = d == null ? "" : d.kind();
            if (!now.equals(before)) {
                if (d == null) {
                    LOG.info("exchange rate source {} answers {} again", source.name(), currency);
                } else if (d.kind().equals("failing")) {
                    LOG.warn("exchange rate source {} failed for {}: {}", source.name(), currency, d.why());
                } else {
                    LOG.warn("exchange rate source {} dropped for {}: {}", source.name(), currency, d.why());
                }
                logged.put(key, now);
            } else if (d != null) {
                LOG.debug("exchange rate source {} still dropped for {}: {}", source.name(), currency, d.why());
            }
        }
        boolean refused = j.rate() == null;
        Boolean wasRefused = refusedLogged.put(currency, refused);
        if (refused && !Boolean.TRUE.equals(wasRefused)) {
            LOG.warn("{} quotes are refused: {}", currency, j.refusal());
        } else if (!refused && Boolean.TRUE.equals(wasRefused)) {
            LOG.info("{} quotes resume at {}", currency, j.rate());
        } else if (!refused && wasRefused == null) {
            LOG.info("{} rate: {}", currency, j.rate());
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops the refresh and abandons fetches in progress. {@link #current} keeps answering from memory until it goes stale. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        fetchers.shutdownNow();
    }

    @Override
    public String toString() {
        return "median of " + sources.stream().map(Source::name).collect(Collectors.joining(",")) + " for "
                + settings.currencies().stream()
                        .map(Currency::getCurrencyCode)
                        .sorted()
                        .collect(Collectors.joining(","));
    }
}
