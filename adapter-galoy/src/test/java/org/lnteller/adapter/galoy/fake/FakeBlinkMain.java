package org.lnteller.adapter.galoy.fake;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the fake Blink as a process of its own, so that other tests can keep a Lightning ledger
 * outside the server under test:
 *
 * <pre>
 * java -cp "adapter-galoy-tests.jar:..." org.lnteller.adapter.galoy.fake.FakeBlinkMain [port] [balanceSats] [schemaFile]
 * </pre>
 *
 * The first line on standard output is the port; the next four are an account ready to use, as
 * {@code GALOY_ENDPOINT=}, {@code GALOY_WS_ENDPOINT=}, {@code GALOY_API_KEY=} and
 * {@code GALOY_WALLET_ID=} lines (a fake key, so printing it leaks nothing). More accounts, payers
 * and faults through the control API ({@link FakeBlinkControl}). Stops on SIGTERM or Ctrl-C.
 */
public final class FakeBlinkMain {
    private FakeBlinkMain() {}

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        long balance = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        Path schema = args.length > 2 ? Path.of(args[2]) : FakeBlinkSchema.schemaFile();
        FakeBlink fake = FakeBlink.start(Clock.systemUTC(), schema, port);
        FakeLedger.Account account = fake.ledger().newAccount(balance);
        System.out.println(fake.port());
        System.out.println("GALOY_ENDPOINT=" + fake.endpoint());
        System.out.println("GALOY_WS_ENDPOINT=" + fake.wsEndpoint());
        System.out.println("GALOY_API_KEY=" + account.apiKey());
        System.out.println("GALOY_WALLET_ID=" + account.btcWalletId());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            fake.close();
                            stopped.countDown();
                        },
                        "fake-blink-stop"));
        stopped.await();
    }
}
