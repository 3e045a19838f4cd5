package org.lnteller.ports.model;

/** Whether a provisioned ATM may use the machine API. */
public enum AppStatus {
    ACTIVE,
    DISABLED,
    /**
     * Removed by the operator: never accepted again, never enabled again, and hidden from the
     * operator's listings. The row stays so that the app's transactions keep naming a known app.
     */
    DELETED
}
