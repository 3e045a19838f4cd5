package org.lnteller.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What went wrong during a run, shared by every machine: counts by kind ("POST /tx 500",
 * "GET /tx/{id} timeout", "cash-out incomplete: ...") and the first messages, so a failed run says
 * why without flooding the terminal.
 */
final class Errors {
    private static final int KEPT_MESSAGES = 20;

    private final Map<String, AtomicLong> byKind = new TreeMap<>();
    private final List<String> firstMessages = new ArrayList<>();
    private final AtomicLong total = new AtomicLong();

    synchronized void add(String kind, String message) {
        byKind.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        total.incrementAndGet();
        if (firstMessages.size() < KEPT_MESSAGES) firstMessages.add(kind + ": " + abbreviate(message));
    }

    long total() {
        return total.get();
    }

    synchronized Map<String, Long> byKind() {
        Map<String, Long> copy = new TreeMap<>();
        byKind.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    synchronized List<String> firstMessages() {
        return List.copyOf(firstMessages);
    }

    private static String abbreviate(String text) {
        if (text == null) return "";
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
