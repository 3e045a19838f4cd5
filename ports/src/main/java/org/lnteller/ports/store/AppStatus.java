package org.lnteller.ports.store;

/** Whether a provisioned ATM may use the machine API. */
public enum AppStatus {
    ACTIVE,
    DISABLED
}
