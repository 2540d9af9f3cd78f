/**
 * JavaFX views: layout and binding only; every decision lives in the view-model the view binds to.
 */
package dev.storefleet.ui;
