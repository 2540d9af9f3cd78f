/**
 * Adapter: the headless REST API over the same services as the desktop console.
 */
package dev.storefleet.api;
