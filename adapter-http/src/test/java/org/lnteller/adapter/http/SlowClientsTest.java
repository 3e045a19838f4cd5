package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.model.AppId;

/**
 * Clients that send their {@code POST /tx} body a byte at a time, on real sockets against a real
 * server: they must not starve {@code /healthz}, the operator or other machines.
 */
class SlowClientsTest {
    private static final String POST = """
            {"id":"0b5e3f2a-6c1d-4e7f-9a8b-1c2d3e4f5a6b","direction":"cashOut","cryptoCode":"LN","fiat":100,"cryptoAtoms":"546448","txVersion":1}""";
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @Test
    void healthzAndAnotherMachinesPostAnswerWithinASecondWhile300AuthenticatedConnectionsTrickle() throws Exception {
        try (ApiHarness api = ApiHarness.started(builder -> {});
                Tricklers tricklers = Tricklers.open(api.base, 300, i -> FakeApps.ATM_TOKEN)) {
            // all but the app's slots are answered at once; the measurement starts once they were
            tricklers.awaitAnswered(300 - TxAdmission.DEFAULT_PER_APP, Duration.ofSeconds(10));

            HttpResponse<String> health = within(Duration.ofSeconds(1), get(api.base, "/healthz"));
            HttpResponse<String> post = within(Duration.ofSeconds(1), post(api.base, FakeApps.OTHER_TOKEN, POST));

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(post.statusCode()).isEqualTo(200);
            assertThat(api.transactions.posts)
                    .extracting(FakeMachineTransactions.Post::app)
                    .containsExactly(FakeApps.OTHER);
            // all but the app's few slots were told at once to come back later, never 403
            assertThat(tricklers.statuses()).doesNotContain("403").contains("429");
        }
    }

    @Test
    void tricklersOfManyAppsLeaveHealthzAndPollsAnsweredAndOtherPostsAreToldToRetry() throws Exception {
        // a post over the server's limit waits this long for a slot; the tricklers hold theirs for longer
        Duration wait = Duration.ofMillis(300);
        try (ApiHarness api = ApiHarness.started(builder -> builder.txWait(wait))) {
            for (int i = 0; i < 300; i++) api.apps.addMachine(AppId.of("slow-" + i), "slow-token-" + i + "-0123456789");
            try (Tricklers tricklers = Tricklers.open(api.base, 300, i -> "slow-token-" + i + "-0123456789")) {
                tricklers.awaitAnswered(300 - TxAdmission.DEFAULT_TOTAL, Duration.ofSeconds(10));

                HttpResponse<String> health = within(Duration.ofSeconds(1), get(api.base, "/healthz"));
                HttpResponse<String> rates = within(
                        Duration.ofSeconds(1),
                        HttpRequest.newBuilder(api.base.resolve("/rates"))
                                .header("Authorization", "Bearer " + FakeApps.OTHER_TOKEN)
                                .timeout(Duration.ofSeconds(1))
                                .build());
                HttpResponse<String> post =
                        within(Duration.ofSeconds(1).plus(wait), post(api.base, FakeApps.OTHER_TOKEN, POST));

                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(rates.statusCode()).isEqualTo(200);
                assertThat(post.statusCode()).isIn(200, 503);
                if (post.statusCode() == 503)
                    assertThat(post.headers().firstValue("Retry-After")).contains("1");
                assertThat(tricklers.statuses()).doesNotContain("403").contains("503");
            }
        }
    }

    @Test
    void aBodyStillTricklingAtTheDeadlineIsCutAndGivesItsSlotBack() throws Exception {
        try (ApiHarness api = ApiHarness.started(
                        builder -> builder.txConcurrency(1, 100).bodyDeadline(Duration.ofMillis(700)));
                Tricklers tricklers = Tricklers.open(api.base, 1, i -> FakeApps.ATM_TOKEN)) {
            Thread.sleep(200);

            HttpResponse<String> whileHeld = within(Duration.ofSeconds(1), post(api.base, FakeApps.ATM_TOKEN, POST));
            assertThat(whileHeld.statusCode()).isEqualTo(429);
            assertThat(whileHeld.headers().firstValue("Retry-After")).contains("1");

            long start = System.nanoTime();
            String cut = tricklers.awaitAnswer(0, Duration.ofSeconds(3));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(cut).isIn("408", "closed");

            HttpResponse<String> after = within(Duration.ofSeconds(1), post(api.base, FakeApps.ATM_TOKEN, POST));
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(api.transactions.posts).hasSize(1);
        }
    }

    private HttpRequest get(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(1))
                .GET()
                .build();
    }

    private HttpRequest post(URI base, String token, String body) {
        return HttpRequest.newBuilder(base.resolve("/tx"))
                .timeout(Duration.ofSeconds(2))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** Sends {@code request}, failing the test unless the whole answer arrives within {@code limit}. */
    private HttpResponse<String> within(Duration limit, HttpRequest request) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as(request.uri().getPath())
                .isLessThan(limit);
        return response;
    }

    /** Connections that send a POST /tx's headers at once and then its body one byte every 100 ms. */
    private static final class Tricklers implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();
        private final List<String> answers = new ArrayList<>();
        private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

        static Tricklers open(URI base, int count, IntFunction<String> token) throws IOException {
            Tricklers t = new Tricklers();
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket(base.getHost(), base.getPort());
                socket.setSoTimeout(1);
                OutputStream out = socket.getOutputStream();
                out.write(
                        ("POST /tx HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAuthorization: Bearer " + token.apply(i)
                                        + "\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{")
                                .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                t.sockets.add(socket);
                t.answers.add(null);
            }
            t.trickle.scheduleWithFixedDelay(t::sendOneByteEach, 100, 100, TimeUnit.MILLISECONDS);
            return t;
        }

        private synchronized void sendOneByteEach() {
            for (Socket socket : sockets) {
                try {
                    socket.getOutputStream().write(' ');
                    socket.getOutputStream().flush();
                } catch (IOException e) {
                    // answered and closed by the server: nothing more to send
                }
            }
        }

        /**
         * Waits until {@code count} connections were answered (those over the limits, refused at
         * once), or {@code limit} passed, so that what is measured next is the server holding the
         * rest, not the server still busy refusing a burst. A server that answers none of them (one
         * that lets them all hold its threads) is measured after {@code limit}.
         */
        void awaitAnswered(int count, Duration limit) throws InterruptedException {
            long end = System.nanoTime() + limit.toNanos();
            while (statuses().size() < count && System.nanoTime() < end) Thread.sleep(20);
        }

        /** The status each connection was answered so far ("closed" when closed without one, null while waiting). */
        synchronized List<String> statuses() {
            for (int i = 0; i < sockets.size(); i++) {
                if (answers.get(i) == null) answers.set(i, poll(sockets.get(i)));
            }
            return List.copyOf(answers.stream().filter(a -> a != null).toList());
        }

        String awaitAnswer(int index, Duration limit) throws InterruptedException {
            long end = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < end) {
                synchronized (this) {
                    if (answers.get(index) == null) answers.set(index, poll(sockets.get(index)));
                    if (answers.get(index) != null) return answers.get(index);
                }
                Thread.sleep(20);
            }
            return null;
        }

        private static String poll(Socket socket) {
            try {
                InputStream in = socket.getInputStream();
                byte[] head = new byte[12];
                int n = 0;
                while (n < head.length) {
                    int r = in.read(head, n, head.length - n);
                    if (r < 0) return n == 0 ? "closed" : new String(head, 0, n, StandardCharsets.US_ASCII);
                    n += r;
                }
                return new String(head, 9, 3, StandardCharsets.US_ASCII);
            } catch (java.net.SocketTimeoutException e) {
                return null;
            } catch (IOException e) {
                return "closed";
            }
        }

        @Override
        public void close() {
            trickle.shutdownNow();
            synchronized (this) {
                for (Socket socket : sockets) {
                    try {
                        socket.close();
                    } catch (IOException e) {
                        // closing anyway
                    }
                }
            }
        }
    }
}
