/**
 * Classes made to break the dependency rule, one module each under this package as if it were
 * {@code org.lnteller}: {@code ArchitectureTest} evaluates the real rules on them to prove that every
 * rule can fail. Nothing else uses them.
 */
package org.lnteller.app.archfixture;
