#!/bin/sh
# Storefleet WooCommerce setup, run by the post-install/post-upgrade hook Job with WP-CLI.
# Safe to run again: every step checks before it changes anything.
# All store-specific text arrives in environment variables and is only ever expanded inside
# double quotes or a here-document, never pasted into this script.
# No secret goes on a command line: every process in the pod can read those (ps, /proc/*/cmdline).
# The database password reaches PHP and WP-CLI through the environment (wp-config.php reads it),
# the admin password through WP-CLI's --prompt on standard input, the REST keys stay inside PHP.
set -eu

log() { printf '%s setup: %s\n' "$(date -u +%H:%M:%S)" "$*"; }
wpc() { wp --path=/var/www/html "$@"; }

log "waiting for MariaDB at ${DB_HOST_NAME}:${DB_PORT}"
tries=0
until php -r '
  mysqli_report(MYSQLI_REPORT_OFF);
  $m = @mysqli_connect(getenv("DB_HOST_NAME"), getenv("WORDPRESS_DB_USER"), getenv("WORDPRESS_DB_PASSWORD"), getenv("WORDPRESS_DB_NAME"), (int) getenv("DB_PORT"));
  exit($m ? 0 : 1);'; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    log "MariaDB did not accept connections within 5 minutes" >&2
    exit 1
  fi
  sleep 5
done

if wpc core is-installed; then
  log "WordPress already installed"
else
  log "installing WordPress"
  # --prompt=admin_password reads the password as one line from standard input (a here-document
  # is the shell's own, no process of its own). WP-CLI then repeats the command with the prompted
  # values on standard output, so that output goes nowhere; its errors still reach the log.
  wpc core install --url="$WP_URL" --title="$STORE_NAME" \
    --admin_user="$WP_ADMIN_USER" --admin_email="$WP_ADMIN_EMAIL" --skip-email \
    --prompt=admin_password >/dev/null <<EOF
$WP_ADMIN_PASSWORD
EOF
  log "WordPress installed"
fi
# The admin's password follows the store's Secret (a clone's restored database holds its source's);
# the PHP reads it from the environment.
wpc eval-file /scripts/align-admin-password.php
# Follow the values on every run: host, title and e-mail may change on upgrade.
wpc option update home "$WP_URL"
wpc option update siteurl "$WP_URL"
wpc option update blogname "$STORE_NAME"
wpc option update admin_email "$WP_ADMIN_EMAIL"
wpc rewrite structure '/%postname%/'

installed=""
if wpc plugin is-installed woocommerce; then
  installed="$(wpc plugin get woocommerce --field=version)"
fi
if [ "$installed" != "$WC_VERSION" ]; then
  log "installing WooCommerce $WC_VERSION (found: ${installed:-none})"
  wpc plugin install woocommerce --version="$WC_VERSION" --force
fi
wpc plugin is-active woocommerce || wpc plugin activate woocommerce

log "configuring the shop"
wpc option update woocommerce_default_country "$WC_COUNTRY"
wpc option update woocommerce_currency "$WC_CURRENCY"
# New stores start in "coming soon" mode, which hides the storefront from shoppers.
wpc option update woocommerce_coming_soon no
wpc option update woocommerce_store_pages_only no
wpc option update woocommerce_enable_guest_checkout yes
wpc option update woocommerce_onboarding_profile '{"skipped":true}' --format=json
wpc wc tool run install_pages --user="$WP_ADMIN_USER" >/dev/null
wpc wc payment_gateway update cod --enabled=true --user="$WP_ADMIN_USER" >/dev/null

log "sample products"
wpc eval-file /scripts/sample-products.php

log "REST API credentials for the console"
wpc eval-file /scripts/publish-api-keys.php --user="$WP_ADMIN_USER"

wpc rewrite flush
log "done: $WP_URL"
