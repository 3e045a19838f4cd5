package org.lnteller.ports.lnurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.lnurl.LnurlException.Kind;
import org.lnteller.ports.model.MilliSatoshi;

class InMemoryLnurlServiceTest extends LnurlServiceContract {
    private static final URI ALICE = URI.create("https://pay.example.com/.well-known/lnurlp/alice");

    private final InMemoryLnurlService fake = new InMemoryLnurlService();
    private final AtomicInteger sites = new AtomicInteger();

    @Override
    protected LnurlService service() {
        return fake;
    }

    @Override
    protected URI startPayService(
            MilliSatoshi min, MilliSatoshi max, String metadata, Function<MilliSatoshi, String> invoiceFor) {
        URI url = nextUrl();
        fake.register(url, min, max, metadata, invoiceFor);
        return url;
    }

    @Override
    protected URI startRefusingService(String reason) {
        URI url = startPayService(MIN, MAX, METADATA, amount -> "lnunused");
        fake.refusePayRequest(url, reason);
        return url;
    }

    @Override
    protected URI startServiceRefusingInvoices(MilliSatoshi min, MilliSatoshi max, String metadata, String reason) {
        URI url = startPayService(min, max, metadata, amount -> "lnunused");
        fake.refuseInvoices(url, reason);
        return url;
    }

    @Override
    protected URI startGarbageService() {
        URI url = nextUrl();
        fake.registerGarbage(url);
        return url;
    }

    @Override
    protected int invoiceRequestsReceived() {
        return fake.invoiceRequests();
    }

    private URI nextUrl() {
        return URI.create("https://service" + sites.incrementAndGet() + ".example.com/lnurlp/alice");
    }

    @Test
    void aRegisteredServiceHasItsCallbackBesideThePayRequest() {
        PayRequest request = fake.register(ALICE, MIN, MAX, METADATA, amount -> "lnx");

        assertThat(request.callback())
                .isEqualTo(URI.create("https://pay.example.com/.well-known/lnurlp/alice/callback"));
        assertThat(fake.payRequest(ALICE)).isEqualTo(request);
    }

    @Test
    void aLocalServiceMayUsePlainHttp() {
        URI local = URI.create("http://127.0.0.1:8080/lnurlp/alice");
        URI localIpv6 = URI.create("http://[::1]:8080/lnurlp/alice");
        fake.register(local, MIN, MAX, METADATA, amount -> "lnlocal");
        fake.register(localIpv6, MIN, MAX, METADATA, amount -> "lnlocal6");

        assertThat(fake.requestInvoice(fake.payRequest(local), MIN)).isEqualTo("lnlocal");
        assertThat(fake.requestInvoice(fake.payRequest(localIpv6), MIN)).isEqualTo("lnlocal6");
    }

    @Test
    void aServiceNobodyRegisteredCannotBeReached() {
        assertFails(() -> fake.payRequest(ALICE), Kind.UNREACHABLE, "pay.example.com");
        assertThat(fake.payRequestCalls()).isEqualTo(1);
    }

    @Test
    void aRemovedServiceCannotBeReachedAnyMore() {
        PayRequest request = fake.register(ALICE, MIN, MAX, METADATA, amount -> "lnx");
        fake.remove(ALICE);

        assertFails(() -> fake.payRequest(ALICE), Kind.UNREACHABLE, "");
        assertFails(() -> fake.requestInvoice(request, MIN), Kind.UNREACHABLE, "");
        assertThat(fake.invoiceRequests()).isZero();
    }

    @Test
    void theNetworkFailsTheNextCallsAndThenRecovers() {
        PayRequest request = fake.register(ALICE, MIN, MAX, METADATA, amount -> "lnx");
        fake.failNext(Kind.TIMEOUT, 1);
        fake.failNext(Kind.UNREACHABLE, 1);

        assertFails(() -> fake.payRequest(ALICE), Kind.TIMEOUT, "pay.example.com");
        assertFails(() -> fake.requestInvoice(request, MIN), Kind.UNREACHABLE, "pay.example.com");
        assertThat(fake.requestInvoice(fake.payRequest(ALICE), MIN)).isEqualTo("lnx");
        assertThat(fake.payRequestCalls()).isEqualTo(2);
        assertThat(fake.invoiceRequests()).isEqualTo(1);
    }

    @Test
    void aServiceCanStartAnsweringInvoicesForTheWrongAmount() {
        PayRequest request = fake.register(ALICE, MIN, MAX, METADATA, amount -> "lnright" + amount.msat());
        fake.answerInvoices(ALICE, amount -> "lnwrong" + (amount.msat() + 1_000));

        assertThat(fake.requestInvoice(request, MilliSatoshi.of(5_000))).isEqualTo("lnwrong6000");
        assertThat(fake.requestedAmounts()).containsExactly(MilliSatoshi.of(5_000));
    }

    @Test
    void aServiceThatSendsNoInvoiceIsMalformed() {
        PayRequest request = fake.register(ALICE, MIN, MAX, METADATA, amount -> " ");

        assertFails(() -> fake.requestInvoice(request, MIN), Kind.MALFORMED, "no invoice");
    }

    @Test
    void anInvoiceFunctionThatThrowsPlaysAnyFailureOfTheService() {
        PayRequest request = fake.register(ALICE, MIN, MAX, METADATA, amount -> {
            throw new LnurlException(Kind.TIMEOUT, "The payment service pay.example.com did not answer in time.");
        });

        assertFails(() -> fake.requestInvoice(request, MIN), Kind.TIMEOUT, "in time");
        assertThat(fake.invoiceRequests()).isEqualTo(1);
    }

    @Test
    void aPayRequestBelowOneMillisatoshiIsATestMistake() {
        assertThatThrownBy(() -> fake.register(ALICE, MilliSatoshi.ZERO, MAX, METADATA, amount -> "lnx"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoServicesCannotShareACallback() {
        PayRequest request = fake.register(ALICE, MIN, MAX, METADATA, amount -> "lnx");

        assertThatThrownBy(() ->
                        fake.register(URI.create("https://other.example.com/lnurlp/bob"), request, amount -> "lny"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("callback");
    }

    @Test
    void concurrentCustomersAreEachCountedOnce() throws Exception {
        fake.register(ALICE, MIN, MAX, METADATA, amount -> "ln" + amount.msat());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                long msat = 1_000L * i;
                answers.add(pool.submit(() -> fake.requestInvoice(fake.payRequest(ALICE), MilliSatoshi.of(msat))));
            }
            for (int i = 1; i <= 200; i++) {
                assertThat(answers.get(i - 1).get()).isEqualTo("ln" + 1_000L * i);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(fake.payRequestCalls()).isEqualTo(200);
        assertThat(fake.invoiceRequests()).isEqualTo(200);
        assertThat(fake.requestedAmounts()).hasSize(200).doesNotHaveDuplicates();
    }
}
