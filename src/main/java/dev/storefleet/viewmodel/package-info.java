/**
 * One view-model per view: JavaFX properties and commands over the services; no Node, Scene or Stage, tested without a toolkit.
 */
package dev.storefleet.viewmodel;
