/**
 * Composition root: reads settings, opens the database, wires services to adapters, starts the UI or the headless server.
 */
package dev.storefleet.app;
