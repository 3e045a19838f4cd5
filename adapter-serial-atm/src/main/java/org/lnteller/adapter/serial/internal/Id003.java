package org.lnteller.adapter.serial.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The codes of JCM's ID-003 protocol, as public drivers use them. A code's meaning depends on the
 * direction: the host's commands and the acceptor's statuses share numbers (0x11, 0x40..0x45).
 */
public final class Id003 {
    private Id003() {}

    // ---------------------------------------------------------------- host to acceptor
    public static final int STATUS_REQUEST = 0x11;
    /** Operation commands, answered with {@link #ACK}. */
    public static final int RESET = 0x40;

    public static final int STACK_1 = 0x41;
    public static final int STACK_2 = 0x42;
    public static final int RETURN = 0x43;
    public static final int HOLD = 0x44;
    public static final int WAIT = 0x45;
    /** The host's answer to VEND_VALID, and the acceptor's answer to an operation command. */
    public static final int ACK = 0x50;
    /** Setting commands, echoed back by the acceptor with the same code and data. */
    public static final int SET_ENABLE_DISABLE = 0xC0;

    public static final int SET_SECURITY = 0xC1;
    public static final int SET_COMMUNICATION_MODE = 0xC2;
    public static final int SET_INHIBIT = 0xC3;
    public static final int SET_DIRECTION = 0xC4;
    public static final int SET_OPTIONAL_FUNCTION = 0xC5;
    /** Requests, answered with the same code and the data asked for. */
    public static final int REQUEST_VERSION = 0x88;

    public static final int REQUEST_BOOT_VERSION = 0x89;
    public static final int REQUEST_CURRENCY_ASSIGN = 0x8A;

    // ---------------------------------------------------------------- acceptor statuses
    public static final int IDLING = 0x11;
    public static final int ACCEPTING = 0x12;
    /** Data: one escrow code, looked up in the currency table. */
    public static final int ESCROW = 0x13;

    public static final int STACKING = 0x14;
    /** The note passed the point of no return; the host must answer {@link #ACK}. */
    public static final int VEND_VALID = 0x15;

    public static final int STACKED = 0x16;
    /** Data: one reject reason, 0x71..0x7F. */
    public static final int REJECTING = 0x17;

    public static final int RETURNING = 0x18;
    public static final int HOLDING = 0x19;
    public static final int DISABLED = 0x1A;
    public static final int INITIALIZE = 0x1B;
    public static final int POWER_UP = 0x40;
    public static final int POWER_UP_BILL_IN_ACCEPTOR = 0x41;
    public static final int POWER_UP_BILL_IN_STACKER = 0x42;
    public static final int STACKER_FULL = 0x43;
    public static final int STACKER_OPEN = 0x44;
    public static final int JAM_IN_ACCEPTOR = 0x45;
    public static final int JAM_IN_STACKER = 0x46;
    public static final int PAUSE = 0x47;
    public static final int CHEATED = 0x48;
    /** Data: one failure code. */
    public static final int FAILURE = 0x49;

    public static final int COMMUNICATION_ERROR = 0x4A;
    public static final int INVALID_COMMAND = 0x4B;

    /** The inhibit setting's data byte: 1 stops accepting, 0 accepts. */
    public static final int INHIBITED = 1;

    public static final int NOT_INHIBITED = 0;

    private static final Map<Integer, String> FAULTS = Map.of(
            STACKER_FULL, "stacker-full",
            STACKER_OPEN, "stacker-open",
            JAM_IN_ACCEPTOR, "jam-in-acceptor",
            JAM_IN_STACKER, "jam-in-stacker",
            PAUSE, "pause",
            CHEATED, "cheated",
            FAILURE, "failure",
            COMMUNICATION_ERROR, "communication-error",
            INVALID_COMMAND, "invalid-command");

    private static final Map<Integer, String> REJECT_REASONS = Map.ofEntries(
            Map.entry(0x71, "insertion"),
            Map.entry(0x72, "magnetic-pattern"),
            Map.entry(0x73, "residual-bill-at-head"),
            Map.entry(0x74, "calibration"),
            Map.entry(0x75, "conveying"),
            Map.entry(0x76, "denomination"),
            Map.entry(0x77, "photo-pattern"),
            Map.entry(0x78, "photo-level"),
            Map.entry(0x79, "inhibited"),
            Map.entry(0x7B, "operation"),
            Map.entry(0x7C, "residual-bill-in-stacker"),
            Map.entry(0x7D, "length"),
            Map.entry(0x7E, "photo-pattern-2"),
            Map.entry(0x7F, "true-bill-feature"));

    private static final Map<Integer, String> FAILURES = Map.ofEntries(
            Map.entry(0xA2, "stack-motor"),
            Map.entry(0xA5, "transport-motor-speed"),
            Map.entry(0xA6, "transport-motor"),
            Map.entry(0xA8, "solenoid"),
            Map.entry(0xA9, "pb-unit"),
            Map.entry(0xAB, "cash-box-not-ready"),
            Map.entry(0xAF, "validator-head-removed"),
            Map.entry(0xB0, "boot-rom"),
            Map.entry(0xB1, "external-rom"),
            Map.entry(0xB2, "ram"),
            Map.entry(0xB3, "external-rom-writing"));

    /** The fault a status reports ({@code stacker-full}, ...), or empty when the status is not a fault. */
    public static Optional<String> faultKind(int status) {
        return Optional.ofNullable(FAULTS.get(status));
    }

    /** A reject reason's name, e.g. {@code photo-level}; {@code unknown-0x7a} for a code without one. */
    public static String rejectReason(int code) {
        return REJECT_REASONS.getOrDefault(code, String.format("unknown-0x%02x", code));
    }

    /** A failure code's name, e.g. {@code stack-motor}; {@code unknown-0xNN} for a code without one. */
    public static String failureName(int code) {
        return FAILURES.getOrDefault(code, String.format("unknown-0x%02x", code));
    }

    /** Host command names for messages. */
    public static String commandName(int command) {
        return switch (command) {
            case STATUS_REQUEST -> "STATUS_REQUEST";
            case RESET -> "RESET";
            case STACK_1 -> "STACK-1";
            case STACK_2 -> "STACK-2";
            case RETURN -> "RETURN";
            case HOLD -> "HOLD";
            case WAIT -> "WAIT";
            case ACK -> "ACK";
            case SET_ENABLE_DISABLE -> "ENABLE/DISABLE";
            case SET_SECURITY -> "SECURITY";
            case SET_COMMUNICATION_MODE -> "COMMUNICATION MODE";
            case SET_INHIBIT -> "INHIBIT";
            case SET_DIRECTION -> "DIRECTION";
            case SET_OPTIONAL_FUNCTION -> "OPTIONAL FUNCTION";
            case REQUEST_VERSION -> "VERSION";
            case REQUEST_BOOT_VERSION -> "BOOT VERSION";
            case REQUEST_CURRENCY_ASSIGN -> "CURRENCY ASSIGN";
            default -> String.format("0x%02X", command);
        };
    }

    /** Status names for logs. */
    public static String statusName(int status) {
        return switch (status) {
            case IDLING -> "IDLING";
            case ACCEPTING -> "ACCEPTING";
            case ESCROW -> "ESCROW";
            case STACKING -> "STACKING";
            case VEND_VALID -> "VEND_VALID";
            case STACKED -> "STACKED";
            case REJECTING -> "REJECTING";
            case RETURNING -> "RETURNING";
            case HOLDING -> "HOLDING";
            case DISABLED -> "DISABLED";
            case INITIALIZE -> "INITIALIZE";
            case POWER_UP -> "POWER_UP";
            case POWER_UP_BILL_IN_ACCEPTOR -> "POWER_UP_BILL_IN_ACCEPTOR";
            case POWER_UP_BILL_IN_STACKER -> "POWER_UP_BILL_IN_STACKER";
            case ACK -> "ACK";
            default ->
                faultKind(status)
                        .map(k -> k.toUpperCase(Locale.ROOT).replace('-', '_'))
                        .orElse(String.format("0x%02X", status));
        };
    }
}
