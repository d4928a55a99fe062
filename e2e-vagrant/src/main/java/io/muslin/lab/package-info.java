/**
 * The Muslin lab's command line ({@code e2e-vagrant/lab}): up, status, test, down, shell over the
 * network-namespace driver.
 */
package io.muslin.lab;
