/**
 * Stores, the lifecycle state machine, naming rules, audit events and the typed guardrail errors. Plain Java.
 */
package dev.storefleet.domain;
