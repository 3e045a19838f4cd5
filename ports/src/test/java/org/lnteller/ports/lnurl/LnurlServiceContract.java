package org.lnteller.ports.lnurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.lnurl.LnurlException.Kind;
import org.lnteller.ports.model.MilliSatoshi;

/**
 * What every {@link LnurlService} promises. An implementation's test extends this class and
 * implements the hooks: {@link #service()} is the client under test, and each {@code start...}
 * hook makes a pay service that the client can reach answer in one way (a pay request and invoices,
 * an error, something that is not LUD-06), returning the URL to ask. JUnit makes a new instance per
 * test, so an implementation may keep one server per instance and start it in {@code @BeforeEach}.
 */
public abstract class LnurlServiceContract {

    /** Metadata with escapes, non-ASCII text and odd spacing: it must come back byte for byte. */
    protected static final String METADATA =
            "[[\"text/plain\", \"Pay Alice \\u2014 5\\u20ac \\\"tip\\\"\"],[\"text/identifier\",\"alice@pay.example.com\"]]";

    protected static final MilliSatoshi MIN = MilliSatoshi.of(1_000);
    protected static final MilliSatoshi MAX = MilliSatoshi.of(500_000_000);

    /** The client under test. */
    protected abstract LnurlService service();

    /**
     * Starts a service whose pay request has these amounts and {@code metadata}, and whose callback
     * answers {@code {"pr": invoiceFor(amount)}} for the {@code amount} asked.
     *
     * @return the pay request URL to give {@link LnurlService#payRequest}
     */
    protected abstract URI startPayService(
            MilliSatoshi min, MilliSatoshi max, String metadata, Function<MilliSatoshi, String> invoiceFor);

    /** Starts a service whose pay request URL answers {@code {"status":"ERROR","reason": reason}}. */
    protected abstract URI startRefusingService(String reason);

    /**
     * Starts a service whose pay request is well formed but whose callback answers
     * {@code {"status":"ERROR","reason": reason}}.
     */
    protected abstract URI startServiceRefusingInvoices(
            MilliSatoshi min, MilliSatoshi max, String metadata, String reason);

    /** Starts a service whose pay request URL answers something that is not a LUD-06 pay request. */
    protected abstract URI startGarbageService();

    /** How many invoice requests (callback calls) the services started in this test have received. */
    protected abstract int invoiceRequestsReceived();

    @Test
    public void aPayRequestComesBackWithItsAmountsAndTheMetadataExactlyAsSent() {
        URI url = startPayService(MIN, MAX, METADATA, amount -> "lnunused");

        PayRequest request = service().payRequest(url);

        assertThat(request.minSendable()).isEqualTo(MIN);
        assertThat(request.maxSendable()).isEqualTo(MAX);
        // the invoice's description hash is SHA-256 of this exact text, so it is never re-serialized
        assertThat(request.metadata()).isEqualTo(METADATA);
        assertThat(request.callback().isAbsolute()).isTrue();
        assertThat(invoiceRequestsReceived()).isZero();
    }

    @Test
    public void anInvoiceIsAskedForTheExactMillisatoshiAmountAndReturnedAsTheServiceWroteIt() {
        List<MilliSatoshi> asked = new CopyOnWriteArrayList<>();
        URI url = startPayService(MIN, MAX, METADATA, amount -> {
            asked.add(amount);
            return "lntb1234560n1invoicefor" + amount.msat();
        });
        LnurlService service = service();
        PayRequest request = service.payRequest(url);

        String invoice = service.requestInvoice(request, MilliSatoshi.of(123_456_789));

        assertThat(asked).containsExactly(MilliSatoshi.of(123_456_789));
        assertThat(invoice).isEqualTo("lntb1234560n1invoicefor123456789");
    }

    @Test
    public void theBoundsOfTheServiceRangeCanBeAsked() {
        URI url = startPayService(MIN, MAX, METADATA, amount -> "lninvoicefor" + amount.msat());
        LnurlService service = service();
        PayRequest request = service.payRequest(url);

        assertThat(service.requestInvoice(request, MIN)).isEqualTo("lninvoicefor1000");
        assertThat(service.requestInvoice(request, MAX)).isEqualTo("lninvoicefor500000000");
    }

    @Test
    public void everyInvoiceRequestAsksTheServiceAgain() {
        AtomicInteger issued = new AtomicInteger();
        URI url = startPayService(MIN, MAX, METADATA, amount -> "lninvoice" + issued.incrementAndGet());
        LnurlService service = service();
        PayRequest request = service.payRequest(url);

        String first = service.requestInvoice(request, MilliSatoshi.of(2_000));
        String second = service.requestInvoice(request, MilliSatoshi.of(2_000));

        assertThat(first).isEqualTo("lninvoice1");
        assertThat(second).isEqualTo("lninvoice2");
        assertThat(invoiceRequestsReceived()).isEqualTo(2);
    }

    @Test
    public void aServiceThatRefusesThePayRequestIsRefusedWithItsReason() {
        URI url = startRefusingService("Unknown user 'bob'");

        assertFails(() -> service().payRequest(url), Kind.REFUSED, "Unknown user 'bob'");
    }

    @Test
    public void aServiceThatRefusesTheInvoiceIsRefusedWithItsReason() {
        URI url = startServiceRefusingInvoices(MIN, MAX, METADATA, "Wallet is frozen");
        LnurlService service = service();
        PayRequest request = service.payRequest(url);

        assertFails(() -> service.requestInvoice(request, MilliSatoshi.of(5_000)), Kind.REFUSED, "Wallet is frozen");
        assertThat(invoiceRequestsReceived()).isEqualTo(1);
    }

    @Test
    public void anAnswerThatIsNotAPayRequestIsMalformed() {
        URI url = startGarbageService();

        assertFails(() -> service().payRequest(url), Kind.MALFORMED, "");
    }

    @Test
    public void anAmountOutsideTheServiceRangeIsRefusedWithoutAskingTheService() {
        URI url = startPayService(MilliSatoshi.of(10_000), MilliSatoshi.of(20_000), METADATA, amount -> "lnunused");
        LnurlService service = service();
        PayRequest request = service.payRequest(url);

        assertFails(() -> service.requestInvoice(request, MilliSatoshi.of(9_999)), Kind.REFUSED, "");
        assertFails(() -> service.requestInvoice(request, MilliSatoshi.of(20_001)), Kind.REFUSED, "");
        assertThat(invoiceRequestsReceived()).isZero();
    }

    @Test
    public void plainHttpToAPublicHostIsNotAllowed() {
        LnurlService service = service();

        assertFails(
                () -> service.payRequest(URI.create("http://pay.example.com/.well-known/lnurlp/alice")),
                Kind.NOT_ALLOWED,
                "");
        // a name that merely starts like a loopback address is a public host
        assertFails(
                () -> service.payRequest(URI.create("http://127.0.0.1.example.com/lnurlp/alice")),
                Kind.NOT_ALLOWED,
                "");
        assertFails(
                () -> service.payRequest(URI.create("http://localhost.example.com/lnurlp/alice")),
                Kind.NOT_ALLOWED,
                "");
    }

    @Test
    public void anOnionServiceIsNotAllowedOverHttpOrHttps() {
        LnurlService service = service();

        assertFails(
                () -> service.payRequest(URI.create("http://payxyz.onion/lnurlp/alice")), Kind.NOT_ALLOWED, "onion");
        assertFails(
                () -> service.payRequest(URI.create("https://payxyz.onion/lnurlp/alice")), Kind.NOT_ALLOWED, "onion");
        PayRequest onionCallback = new PayRequest(URI.create("https://payxyz.onion/cb"), MIN, MAX, METADATA);
        assertFails(() -> service.requestInvoice(onionCallback, MilliSatoshi.of(5_000)), Kind.NOT_ALLOWED, "onion");
    }

    @Test
    public void somethingThatIsNotAnAbsoluteWebAddressIsNotAllowed() {
        LnurlService service = service();

        assertFails(() -> service.payRequest(URI.create("ftp://pay.example.com/lnurlp/alice")), Kind.NOT_ALLOWED, "");
        assertFails(() -> service.payRequest(URI.create("/.well-known/lnurlp/alice")), Kind.NOT_ALLOWED, "");
        assertFails(() -> service.payRequest(URI.create("mailto:alice@pay.example.com")), Kind.NOT_ALLOWED, "");
    }

    @Test
    public void anInvoiceIsNotAskedFromACallbackOnPlainHttpToAPublicHost() {
        PayRequest request =
                new PayRequest(URI.create("http://pay.example.com/lnurlp/alice/callback"), MIN, MAX, METADATA);

        assertFails(() -> service().requestInvoice(request, MilliSatoshi.of(5_000)), Kind.NOT_ALLOWED, "");
        assertThat(invoiceRequestsReceived()).isZero();
    }

    /** Asserts an {@link LnurlException} of {@code kind} whose message holds {@code text} and is not blank. */
    protected static void assertFails(ThrowingCallable call, Kind kind, String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(LnurlException.class, e -> {
            assertThat(e.kind()).as("kind of: %s", e.getMessage()).isEqualTo(kind);
            assertThat(e.getMessage()).isNotBlank().contains(text);
        });
    }
}
