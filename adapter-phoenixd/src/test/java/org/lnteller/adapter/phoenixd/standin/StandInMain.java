package org.lnteller.adapter.phoenixd.standin;

import java.time.Clock;

/**
 * Runs the phoenixd stand-in as a process of its own (the crash test's node, which survives the
 * server's SIGKILLs). Arguments: {@code [port, 0 for a free one] [balance in sats]}. Prints three
 * lines, then serves until killed: the port, {@code PHOENIXD_URL=...} and {@code PHOENIXD_PASSWORD=...}.
 */
public final class StandInMain {
    private StandInMain() {}

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        long balance = args.length > 1 ? Long.parseLong(args[1]) : 100_000_000L;
        PhoenixdStandIn standIn = PhoenixdStandIn.start(Clock.systemUTC(), balance, port);
        System.out.println(standIn.port());
        System.out.println("PHOENIXD_URL=" + standIn.url());
        System.out.println("PHOENIXD_PASSWORD=" + standIn.password());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(standIn::close));
        Thread.currentThread().join();
    }
}
