package org.lnteller.app.cli;

/** Process exit codes shared by every command. */
public final class ExitCode {
    private ExitCode() {}

    /** Success. */
    public static final int OK = 0;
    /** The input was understood but refused (an invalid invoice, say); one {@code error:} line on stderr. */
    public static final int REFUSED = 1;
    /** The command line itself was wrong: unknown command, missing or extra arguments. */
    public static final int USAGE = 2;
}
