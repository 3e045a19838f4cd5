package org.lnteller.app.config;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A failure in one line an operator can act on: each exception's message along the cause chain,
 * once, in plain words where the JDK's own are empty or cryptic ({@code ConnectException: null}
 * becomes "connection refused", an {@code AccessDeniedException} names the file and says
 * "permission denied"). No class names unless nothing else is known; never a stack trace.
 */
public final class Failures {
    private Failures() {}

    public static String describe(Throwable failure) {
        List<String> parts = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            String part = words(t);
            if (part.isEmpty()) continue;
            // wrappers often repeat their cause's message ("java.io.IOException: x" around x)
            if (parts.stream().anyMatch(p -> p.contains(part))) continue;
            parts.add(part);
        }
        if (parts.isEmpty()) return failure.getClass().getSimpleName();
        return String.join(": ", parts);
    }

    private static String words(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage().strip();
        // new IOException(cause) takes cause.toString() as its message: the cause speaks for itself
        if (t.getCause() != null && message.equals(t.getCause().toString())) return "";
        if (t instanceof NotDirectoryException e) return e.getFile() + ": not a folder";
        if (t instanceof FileAlreadyExistsException e) return e.getFile() + ": already exists";
        if (t instanceof NoSuchFileException e) return e.getFile() + ": no such file or folder";
        if (t instanceof AccessDeniedException e) {
            return e.getFile() + ": permission denied" + (e.getReason() == null ? "" : " (" + e.getReason() + ")");
        }
        if (t instanceof FileSystemException e) {
            return (e.getFile() == null ? "" : e.getFile() + ": ") + (e.getReason() == null ? "failed" : e.getReason());
        }
        if (t instanceof HttpConnectTimeoutException) return "no connection within the timeout";
        if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
            return message.isEmpty() ? "timed out" : message;
        }
        if (t instanceof ConnectException)
            return message.isEmpty() ? "connection refused" : message.toLowerCase(java.util.Locale.ROOT);
        if (t instanceof UnknownHostException) return "unknown host " + message;
        if (t instanceof NoRouteToHostException) return "no route to host";
        if (message.isEmpty()) return "";
        // "java.io.IOException: reason" as a message (some libraries wrap so): the reason is enough
        return message.replaceFirst("^([a-z]+\\.)+[A-Z]\\w*(Exception|Error): ", "");
    }
}
