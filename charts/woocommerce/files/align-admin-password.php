<?php
// The store's auth Secret holds the admin login the console shows (WP_ADMIN_USER, WP_ADMIN_PASSWORD).
// A store restored from another store's backup (a clone) holds that store's password hash: this
// sets the Secret's. A password that already checks is left as it is (no new hash, no logout).
// Like home and siteurl, the Secret wins: a password changed in WordPress is set back on upgrade.

$login = getenv('WP_ADMIN_USER');
$user = get_user_by('login', $login);
if (!$user) {
    WP_CLI::error("there is no WordPress user '$login', the admin the store's values name");
}
$password = getenv('WP_ADMIN_PASSWORD');
if (wp_check_password($password, $user->user_pass, $user->ID)) {
    WP_CLI::log('admin password: as in the store\'s Secret');
} else {
    wp_set_password($password, $user->ID);
    WP_CLI::log('admin password: set to the store\'s Secret (the database held another one, as a restored clone does)');
}
